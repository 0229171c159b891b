import { detectSecrets, type SecretKind } from './secret.detector';

// Built by concatenation so this file itself never holds a token-shaped literal.
const STRIPE_LIVE = ['sk', 'live', '51NqT7cKb2Lx9QwErTy8UiOp3AsDfGhJ'].join('_');
const GITHUB = `ghp_${'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'}`;

const POSITIVES: Array<[SecretKind, string]> = [
  ['aws-access-key-id', `const accessKeyId = "${'AKIA'}Z7QX4TR2MPLK9WVB";`],
  ['aws-secret-access-key', `aws_secret_access_key = ${'wJalrXUtnFEMIK7MDENGbPxRfiCYzq81abcd'}Zx9K`],
  ['github-token', `GITHUB_TOKEN: ${GITHUB}`],
  ['slack-token', `const slack = new WebClient('${'xoxb'}-2048-7753-RkVdVqTjXqPQzxTq');`],
  ['slack-webhook', `url: https://hooks.slack.com/services/${'T024BE7LD'}/B01234567/abcdEFGHijklMNOPqrst`],
  ['stripe-secret-key', `stripe.setApiKey("${STRIPE_LIVE}")`],
  ['google-api-key', `key=${'AIza'}SyD3x7Qp9LmN2vB8cR5tY1uW4zK6jH0gFdE`],
  ['google-oauth-secret', `client_secret: ${'GOCSPX'}-r2Yv8QpLm3Nk7Tz1Wx5Bc9Ds`],
  ['private-key-block', `-----BEGIN ${'RSA'} PRIVATE KEY-----\nMIIEowIBAAKCAQEA...`],
  ['json-web-token', `Authorization: Bearer ${'eyJhbGciOiJIUzI1NiJ9'}.${'eyJzdWIiOiIxMjM0NTY3ODkwIn0'}.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U`],
  ['password-assignment', `const password = "${'hunter22'}";`],
  ['password-assignment', `DB_PASSWORD=${'s3cr3tValue9'}`],
  ['password-assignment', `{ "apiKey": "${'f3a9c2e7b1d4'}" }`],
];

const NEGATIVES: string[] = [
  'const apiKey = process.env.STRIPE_SECRET_KEY;',
  'password: string;',
  'const password = getPassword(user);',
  'const secret = derivedSecret;',
  'apiKey: this.options.apiKey,',
  'API_KEY=${API_KEY}',
  'password = "<your-password-here>"',
  'password: "changeme"',
  "const accessKeyId = 'AKIAIOSFODNN7EXAMPLE'; // AWS documentation key",
  'if (password == confirmation) {',
  'const publishable = "pk_live_51NqT7cKb2Lx9QwErTy8UiOp";',
  'See the README for how to set SLACK_TOKEN.',
];

describe('detectSecrets', () => {
  it.each(POSITIVES)('finds a %s', (kind, text) => {
    const findings = detectSecrets(text, 'diff:src/config.ts');
    expect(findings.map((finding) => finding.kind)).toContain(kind);
    expect(findings[0].location).toBe('diff:src/config.ts');
  });

  it.each(NEGATIVES)('leaves alone: %s', (text) => {
    expect(detectSecrets(text, 'x')).toEqual([]);
  });

  it('never repeats the secret in its report', () => {
    const [finding] = detectSecrets(`const key = '${STRIPE_LIVE}';`, 'x');
    expect(finding.kind).toBe('stripe-secret-key');
    expect(finding.preview).toBe(`sk_l…(${STRIPE_LIVE.length} chars)`);
    expect(JSON.stringify(finding)).not.toContain(STRIPE_LIVE.slice(8));
  });

  it('reports one finding per distinct secret and all distinct ones', () => {
    const text = `a = '${STRIPE_LIVE}'\nb = '${STRIPE_LIVE}'\nc = '${GITHUB}'`;
    expect(detectSecrets(text, 'x').map((finding) => finding.kind)).toEqual(['github-token', 'stripe-secret-key']);
  });
});
