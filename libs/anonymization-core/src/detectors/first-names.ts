/**
 * Common given names across regions, used only to recognise "Given Surname" pairs in prose
 * when no other cue is present. Names that are also everyday or technical words (Will, Mark,
 * Ruby, Julia, Jade, Summer, Hunter, May, June, Max, Chase, Crystal, Angel, Ivy) are left out
 * on purpose: a miss there is cheaper than destroying ordinary text.
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `Aaron Abdul Abdullah Abigail Adam Adebayo Adeola Adrian Adriana Agnieszka Ahmad Ahmed Aiden Aisha Akira Alan
  Alberto Aleksandra Aleksander Alessandro Alessia Alex Alexander Alexandra Alexandre Alexei Alfonso Alfred Ali Alice
  Alicia Alina Alison Allison Amanda Amara Amelia Amina Amir Amit Amy Ana Anastasia Anders Andrea Andreas Andrei
  Andrew Andrzej Angela Angelica Anil Anita Anja Anna Anne Annika Anthony Antoine Antonio Anya Arjun Arnav Arthur
  Arturo Ashley Astrid Aurelie Ava Ayesha Barbara Beatriz Ben Benjamin Bernard Bettina Bianca Bjorn Björn Blessing
  Bogdan Boris Brandon Brenda Brian Bruno Camila Carla Carlos Carmen Carol Caroline Carolyn Catherine Cecilia
  Charles Charlotte Chen Chiara Chidi Chinedu Chloe Christian Christina Christine Christopher Chukwuemeka Cindy
  Claire Clara Claudia Colin Connor Cristina Cynthia Dagmar Daisuke Dan Daniel Daniela Daniele Danielle Dariusz
  David Deborah Deepak Denise Dennis Diana Diego Dimitri Dmitri Dmitry Dominik Donald Donna Dorothy Douglas Dylan
  Edward Elena Eleanor Elif Elijah Elizabeth Ella Ellen Emily Emma Emmanuel Enrique Eric Erik Erika Ethan Eva Evelyn
  Fabian Fahad Farah Farhan Fatima Fatma Fatou Federico Felipe Felix Fernando Filip Finn Florian Francesca Francesco
  Francisco Frank Franz Freya Gabriel Gabriela Gareth Gary George Georg Gerald Giovanni Giulia Giuseppe Gonzalo
  Gregory Greta Gustavo Hamza Hana Hannah Hans Harold Harry Haruto Hassan Heather Heinrich Helen Helena Henrik Henry
  Hiroshi Hugo Ibrahim Ifeoma Igor Ilya Imran Ines Ingrid Irina Isaac Isabel Isabella Ivan Jacob Jakub James Jamal
  Jan Jane Janet Janice Jason Javier Jean Jeffrey Jennifer Jens Jeremy Jessica Jiho Jin Joan Joanna Joao João Joel
  Johan Johanna John Jonas Jonathan Jorge Jose José Joseph Joshua Juan Judith Julian Juliana Julien Julie Jun-ho
  Justin Jürgen Kai Kamal Karen Karim Karin Karl Kate Katarzyna Katherine Kathleen Kathryn Katie Kayode Keith Kelly
  Kenji Kenneth Kevin Khalid Kim Klaus Kofi Kwame Kyle Lakshmi Lars Laura Lauren Laurent Layla Lea Leila Lena Leo
  Leon Leonardo Liam Lina Linda Lisa Lorenzo Louis Louise Luca Lucas Lucia Luis Luka Lukas Łukasz Maciej Madison
  Magdalena Mahmoud Maja Malik Manuel Marco Marcus Margaret Maria María Mariam Marie Marina Mario Marion Marta Martin
  Martina Mary Mateo Matteo Matthew Matthias Maximilian Maya Mehmet Melissa Mei Michael Michaela Michelle Miguel
  Mikhail Milan Min-jun Miriam Mohamed Mohammad Mohammed Monica Mustafa Nadia Nancy Naomi Natalia Natasha Nathan
  Nicholas Nicolas Nicole Niklas Nikolai Nikola Nina Noah Noor Nora Obinna Olga Oliver Olivia Olu Olusegun Omar Oscar
  Pablo Pamela Paolo Patricia Patrick Paul Paula Pavel Pedro Peter Petra Philip Philipp Pierre Piotr Pooja Priya
  Rachel Rafael Rahul Raj Rajesh Ramon Raquel Rebecca Rhys Ricardo Richard Rita Robert Roberto Robin Rohan Roman
  Ronald Rosa Ruth Ryan Ryo Sabine Sachiko Sakura Samantha Samir Samuel Sandra Sanjay Santiago Sara Sarah Sasha
  Sean Sebastian Sergei Sergey Sergio Seo-yeon Shanthi Sharon Shirley Shreya Simon Simone Sofia Sophia Sophie
  Stefan Stefanie Stephanie Stephen Steven Sunita Susan Svetlana Sven Takashi Tanja Tatiana Teresa Thabo Theresa
  Thomas Tiago Timothy Tobias Tomasz Tyler Uchenna Valentina Vanessa Venkat Vera Victor Victoria Vikram Vincent
  Virginia Vivek Vladimir Walter Wanjiru Wei Wojciech Xavier Xin Yan Yasmin Yuki Yusuf Yuto Yvonne Zainab Zhang Tariq Karim Rashid Salma Layla Youssef Nasser Faisal Bilal Zara
  Zoe Zoë Zofia`.split(/\s+/),
);

/** Words that end "Given X" phrases which are places, products or teams rather than people. */
export const NON_SURNAME_WORDS: ReadonlySet<string> = new Set(
  `Server Service Services Client Manager Controller Handler Factory Provider Module Component Framework Engine Api
  API SDK Cloud Studio Code Labs Inc Ltd LLC GmbH Corp Group Team Bank Street Road Avenue Station River Park Square
  Hall Center Centre Building Airport Hotel University College School Hospital Foundation Project Protocol Library
  Street Lane Bridge Tower Institute Museum Church Academy Cup League Festival Award Prize Plan Test Tests Build
  Algorithm Theorem Method Principle Law Effect Equation Distribution Transform Process Model Conjecture Lemma
  Number Numbers Problem Paradox Index Scale Series Sequence Function Constant Formula Rule`.split(/\s+/),
);
