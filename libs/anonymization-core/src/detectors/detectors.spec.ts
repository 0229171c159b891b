import { DEFAULT_ANONYMIZATION_POLICY } from '../anonymization-policy';
import { ScrubSession } from '../scrub-session';
import { TextScrubber } from '../text-scrubber';

const scrubber = new TextScrubber(DEFAULT_ANONYMIZATION_POLICY);
const scrub = (text: string): string => scrubber.scrub(text, new ScrubSession());

/** [text, the private value that must disappear, the placeholder type expected in its place] */
type Positive = [string, string, string];

const positives: Record<string, Positive[]> = {
  EMAIL: [
    ['mail jane.doe@example.com today', 'jane.doe@example.com', 'EMAIL'],
    ['{"to":"ravi.kumar+ci@corp-mail.co.uk"}', 'ravi.kumar+ci@corp-mail.co.uk', 'EMAIL'],
    ['GET /search?email=olivia.brown%40example.com HTTP/1.1', 'olivia.brown%40example.com', 'EMAIL'],
    ['ahmed [at] example [dot] org', 'ahmed [at] example [dot] org', 'EMAIL'],
    ['<a href="mailto:info@bakery-berlin.de">', 'info@bakery-berlin.de', 'EMAIL'],
  ],
  PHONE: [
    ['call +44 20 7946 0958 now', '+44 20 7946 0958', 'PHONE'],
    ['cell (415) 555-2671', '(415) 555-2671', 'PHONE'],
    ['sent to +14155552671 ok', '+14155552671', 'PHONE'],
    ['mobil 030 12345678', '030 12345678', 'PHONE'],
    ['06 12 34 56 78 (FR)', '06 12 34 56 78', 'PHONE'],
    ['Phone: 5551234567', '5551234567', 'PHONE'],
    ['ext 555-867-5309x1234', '555-867-5309x1234', 'PHONE'],
    ['fax 001-202-555-0199', '001-202-555-0199', 'PHONE'],
  ],
  CREDIT_CARD: [
    ['visa 4111 1111 1111 1111 exp', '4111 1111 1111 1111', 'CREDIT_CARD'],
    ['card=4242-4242-4242-4242', '4242-4242-4242-4242', 'CREDIT_CARD'],
    ['amex 378282246310005', '378282246310005', 'CREDIT_CARD'],
    ['mc 5500005555555559.', '5500005555555559', 'CREDIT_CARD'],
  ],
  IBAN: [
    ['to DE89 3704 0044 0532 0130 00 (bank)', 'DE89 3704 0044 0532 0130 00', 'IBAN'],
    ['iban=GB82WEST12345698765432', 'GB82WEST12345698765432', 'IBAN'],
    ['NL91ABNA0417164300 IBAN', 'NL91ABNA0417164300', 'IBAN'],
    ['lower de89370400440532013000 case', 'de89370400440532013000', 'IBAN'],
  ],
  SSN: [
    ['SSN 123-45-6789.', '123-45-6789', 'SSN'],
    ['{"ssn":"078051120"}', '078051120', 'SSN'],
    ['social security number: 457 55 5462', '457 55 5462', 'SSN'],
  ],
  IP: [
    ['client 203.0.113.42 - GET', '203.0.113.42', 'IP'],
    ['dial tcp 10.20.30.40:5432 refused', '10.20.30.40', 'IP'],
    ['from 2001:db8::ff00:42:8329 port 22', '2001:db8::ff00:42:8329', 'IP'],
    ['inet6 fe80::1ff:fe23:4567:890a', 'fe80::1ff:fe23:4567:890a', 'IP'],
    ['ssh jdoe@198.51.100.23 -p 22', '198.51.100.23', 'IP'],
  ],
  MAC: [
    ['to 00:1a:2b:3c:4d:5e via eth0', '00:1a:2b:3c:4d:5e', 'MAC'],
    ['mac 3C-22-FB-9A-01-7E', '3C-22-FB-9A-01-7E', 'MAC'],
    ['include 0050.56c0.0001', '0050.56c0.0001', 'MAC'],
  ],
  URL: [
    ['postgres://admin:S3cr3t@db.internal:5432/app', 'postgres://admin:S3cr3t@db.internal:5432/app', 'URL'],
    ['see https://x.example/dl?file=a.pdf&access_token=ya29abc123', 'https://x.example/dl?file=a.pdf&access_token=ya29abc123', 'URL'],
    ['{"hook":"https://hooks.slack.com/services/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"}', 'https://hooks.slack.com/services/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', 'URL'],
  ],
  SECRET: [
    ['AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE', 'SECRET'],
    ['key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY here', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'SECRET'],
    ['export GITHUB_TOKEN=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', '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', 'SECRET'],
    ['token: glpat-xY7zQ9pL2mN4bV6cX8wE', 'glpat-xY7zQ9pL2mN4bV6cX8wE', 'SECRET'],
    ["new WebClient('xoxb-2345678901-3456789012345-AbCdEfGhIjKlMnOpQrStUvWx')", 'xoxb-2345678901-3456789012345-AbCdEfGhIjKlMnOpQrStUvWx', 'SECRET'],
    ['stripe.api_key = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"', 'sk_live_51H8xYzAbCdEfGhIjKlMnOpQr', 'SECRET'],
    ['apiKey: "AIzaSyDOCAbC123dEf456GhI789jKl012-MnO"', 'AIzaSyDOCAbC123dEf456GhI789jKl012-MnO', 'SECRET'],
    ['Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'SECRET'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n-----END RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'SECRET'],
    ["DB_PASSWORD = 'Tr0ub4dor&3'", 'Tr0ub4dor&3', 'SECRET'],
    ['{"password":"correct-horse-battery-staple"}', 'correct-horse-battery-staple', 'SECRET'],
    ['secret=abc123XYZ', 'abc123XYZ', 'SECRET'],
    ['api_key: 9f8e7d6c5b4a', '9f8e7d6c5b4a', 'SECRET'],
    ['mysql -u root -pS3cureR00t! shop', 'S3cureR00t!', 'SECRET'],
    ['the admin password is Winter2024!', 'Winter2024!', 'SECRET'],
    ["app.config['SECRET_KEY'] = 'dev-9f8e7d6c5b4a3210fedcba'", 'dev-9f8e7d6c5b4a3210fedcba', 'SECRET'],
    ['- name: JWT_SECRET\n  value: "q8Z!vT3#kP9$wL2@"', 'q8Z!vT3#kP9$wL2@', 'SECRET'],
    ["curl -H 'X-Api-Key: 4f9a1c7e2b8d4e6fa0c3b5d7e9f1a2c4' https://api.example.com", '4f9a1c7e2b8d4e6fa0c3b5d7e9f1a2c4', 'SECRET'],
  ],
  PATH: [
    ['at f (/home/alice/work/shop/src/order.service.ts:57:21)', '/home/alice/work/shop/src/order.service.ts', 'PATH'],
    ["open '/Users/bob.martin/Projects/api/.env.local'", '/Users/bob.martin', 'PATH'],
    ['C:\\Users\\carol\\AppData\\Local\\out.log denied', 'carol', 'PATH'],
  ],
  NAME: [
    ['Author: Maria Garcia <maria.garcia@example.com>', 'Maria Garcia', 'NAME'],
    ['Signed-off-by: Wei Zhang <wzhang@example.org>', 'Wei Zhang', 'NAME'],
    ['From: "Sarah O\'Connor" <sarah@example.com>', "Sarah O'Connor", 'NAME'],
    ['hello! my name is tom hanssen, I cannot log in', 'tom hanssen', 'NAME'],
    ['Could you review it?\n\nThanks,\nDaniel Kim', 'Daniel Kim', 'NAME'],
    ['logs attached\n-- \nJohn Smith\nAcme', 'John Smith', 'NAME'],
    ['7c1e2f3a (Lukas Schmidt 2023-11-02 16:20:01 +0100 42) return x;', 'Lukas Schmidt', 'NAME'],
    ["I'm Sophie Dubois, the new PM.", 'Sophie Dubois', 'NAME'],
    ['Please loop in Robert Johnson on this.', 'Robert Johnson', 'NAME'],
  ],
};

/** Strings that must come out exactly as they went in. */
const lookalikes: string[] = [
  'Upgraded typescript from 5.4.5 to 5.9.3 and node to v20.20.2',
  'commit 9fceb02d0ae598e95dc970b74767f19372d61af8 (short 9fceb02)',
  'request_id=550e8400-e29b-41d4-a716-446655440000',
  '2024-03-12T10:15:30.123+01:00 took 1.333s, 250ms, 3d4h12m',
  'alice@build-01.corp.example.com:~/src$ npm test',
  '[deploy@web-03.prod.example.com app]$ ls',
  'git clone git@github.com:benchpool/benchpool.git',
  'Server on http://localhost:3000 and 127.0.0.1:9092, bind 0.0.0.0:8080, ::1',
  'netmask 255.255.255.0 broadcast 255.255.255.255',
  'at Module._compile (node:internal/modules/cjs/loader:1364:14) src/app.ts:12:5',
  '.btn { color: #1a2b3c; background: #fff; }',
  'export function calculateTotal(items: CartItem[]): number { return 0; }',
  '@Injectable() export class UserService {} "@nestjs/common": "^11.0.0"',
  '<img src="/assets/logo@2x.png">',
  'interface AuthConfig { token: string; password?: string; apiKey: string | undefined; }',
  'new Client({ password: process.env.DB_PASSWORD, token: config.githubToken })',
  'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
  '{"max_tokens":4096,"tokensUsed":1834,"thinkingTokens":512}',
  'Chrome/120.0.6099.109 Safari/537.36 and Chrome/120.0.0.0',
  "if (version >= '1.2.3.4') {} // version 2.1.0.5",
  'std::vector<int> v; Config::new()',
  '12:30:45.123 [main] done in 00:00:01.250',
  'MD5 16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48',
  'sha1 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 md5 d41d8cd98f00b204e9800998ecf8427e',
  'Hello World! Hi team, Thanks,\nThe Platform Team',
  'The token is expired; your password is too weak.',
  'Using tokenizer cl100k_base with 100256 tokens',
  'epoch 1710144000 (ms 1710144000123), ISBN 978-3-16-148410-0',
  'The primary key UserAccountId_2024 must be unique',
  'Victoria Station and Thomas Algorithm',
  'ls -la /var/log/nginx/ && cat /etc/hosts && vim ~/.bashrc',
  '{"token":null,"password":"","apiKey":"<redacted>","secret":"********"}',
];

describe('detectors', () => {
  for (const [type, cases] of Object.entries(positives)) {
    describe(type, () => {
      it.each(cases)('removes the value from %j', (text, value, placeholderType) => {
        const output = scrub(text);
        expect(output).not.toContain(value);
        if (placeholderType === 'PATH') expect(output).toContain('/[PATH]');
        else expect(output).toMatch(new RegExp(`<${placeholderType}_1>`));
      });
    });
  }

  it.each(lookalikes)('keeps the look-alike %j intact', (text) => {
    expect(scrub(text)).toBe(text);
  });

  it('keeps the port after a replaced address and the line:col after a replaced path', () => {
    expect(scrub('connect 10.0.0.5:8080 failed')).toBe('connect <IP_1>:8080 failed');
    expect(scrub('at x (/home/alice/app/src/user.service.ts:12:5)')).toBe('at x (/[PATH]/[FILE].ts:12:5)');
  });

  it('replaces only the value of a secret assignment', () => {
    expect(scrub('DB_PASSWORD=hunter2pass LOG_LEVEL=debug')).toBe('DB_PASSWORD=<SECRET_1> LOG_LEVEL=debug');
    expect(scrub('"password": "hunter2pass"')).toBe('"password": "<SECRET_1>"');
  });

  it('rejects numbers that fail their checksum', () => {
    expect(scrub('card 4111 1111 1111 1112')).toBe('card 4111 1111 1111 1112');
    expect(scrub('iban DE89 3704 0044 0532 0130 01')).toBe('iban DE89 3704 0044 0532 0130 01');
    expect(scrub('id 1234567890123456')).toBe('id 1234567890123456');
  });

  it('never detects its own placeholders again', () => {
    const once = scrub('Author: Maria Garcia <maria@example.com>, password=hunter2pass, /home/alice/x.ts, 10.1.2.3');
    expect(scrub(once)).toBe(once);
  });

  it('stays linear on adversarial input', () => {
    const inputs = [
      'a'.repeat(50_000) + '@',
      '1 '.repeat(20_000),
      '+1 '.repeat(10_000) + 'x',
      ':'.repeat(30_000),
      'password='.repeat(5_000),
      'Aaaa '.repeat(10_000),
      '-----BEGIN PRIVATE KEY-----' + 'A'.repeat(30_000),
      '/home/a' + '/b'.repeat(20_000),
    ];
    for (const input of inputs) {
      const started = Date.now();
      scrub(input);
      expect(Date.now() - started).toBeLessThan(1000);
    }
  });
});
