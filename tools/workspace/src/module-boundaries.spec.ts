import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** The module boundaries are real: these imports must be refused by `npm run lint`. */
describe('module boundaries', () => {
  beforeAll(() => {
    // the nx lint rule reads the cached project graph
    execFileSync('npx', ['nx', 'graph', '--file=graph.json'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
  }, 120_000);

  // the ESLint CLI, as `npm run lint` runs it (its API needs ES module loading that jest lacks)
  async function lint(filePath: string, code: string): Promise<string[]> {
    let output: string;
    try {
      output = execFileSync('npx', ['eslint', '--stdin', '--stdin-filename', filePath, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const [result] = JSON.parse(output) as Array<{ messages: Array<{ ruleId: string; message: string }> }>;
    return result.messages.filter((message) => message.ruleId === '@nx/enforce-module-boundaries').map((message) => message.message);
  }

  it('refuses an app importing another app', async () => {
    const messages = await lint('services/routing/src/probe.ts', "import { AnonymizationConfig } from '../../anonymization/src/anonymization.config';\nexport const probe = AnonymizationConfig;\n");
    expect(messages.length).toBe(1);
  });

  it('refuses contracts importing anything but utils', async () => {
    const messages = await lint('libs/contracts/src/probe.ts', "import { privacyProbe } from '@benchpool/privacy';\nexport const probe = privacyProbe;\n");
    expect(messages.join()).toContain('type:contracts');
  });

  it("refuses a service's domain lib importing another service's domain lib", async () => {
    const messages = await lint('libs/routing-core/src/probe.ts', "import * as storage from '@benchpool/storage-core';\nexport const probe = storage;\n");
    expect(messages.join()).toContain('scope:routing');
  });

  it('allows an app to import contracts and its own domain lib', async () => {
    const messages = await lint('services/routing/src/probe.ts', "import { Topic } from '@benchpool/contracts';\nimport * as core from '@benchpool/routing-core';\nexport const probe = [Topic, core];\n");
    expect(messages).toEqual([]);
  });
});
