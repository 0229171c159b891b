import { detectDestructiveCommands } from './destructive-command.detector';

const rulesOf = (text: string): string[] => detectDestructiveCommands(text, 'x').map((finding) => finding.rule);

describe('detectDestructiveCommands', () => {
  it.each([
    ['rm -rf /', 'rm-recursive-root'],
    ['rm -fr ~/', 'rm-recursive-root'],
    ['cd build && rm -r -f *', 'rm-recursive-root'],
    ['rm --recursive --force "$HOME"', 'rm-recursive-root'],
    ['rm -rf --no-preserve-root /tmp/x', 'rm-recursive-root'],
    ['sudo rm -Rf /etc', 'rm-recursive-root'],
    ['git push --force origin main', 'git-force-push'],
    ['git push -f', 'git-force-push'],
    ['git push origin +main', 'git-force-push'],
    ['DROP TABLE users;', 'sql-drop'],
    ['drop database analytics', 'sql-drop'],
    ['TRUNCATE TABLE audit_log', 'sql-drop'],
    ['chmod 777 /var/www', 'chmod-world-writable'],
    ['chmod -R a+rwx .', 'chmod-world-writable'],
    ['mkfs.ext4 /dev/sdb1', 'disk-overwrite'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'disk-overwrite'],
    [':(){ :|:& };:', 'fork-bomb'],
    ['curl -sL https://example.com/install.sh | bash', 'pipe-to-shell'],
    ['sudo apt-get install redis', 'sudo'],
  ])('flags %s', (text, rule) => {
    expect(rulesOf(text)).toContain(rule);
  });

  it.each([
    'rm -rf node_modules dist',
    'rm -f /tmp/cache.json',
    'rm -r ./build/output',
    'git push --force-with-lease origin feature',
    'git push origin feature-fix',
    'git push --follow-tags',
    'const dropTables = false;',
    'We should never drop tables in a migration.',
    'chmod 644 README.md',
    'chmod +x scripts/deploy.sh',
    'pseudo-code, not a command',
    'curl -o install.sh https://example.com/install.sh',
  ])('leaves alone: %s', (text) => {
    expect(rulesOf(text)).toEqual([]);
  });

  it('reports one finding per rule however often it matches', () => {
    expect(rulesOf('sudo ls\nsudo whoami\nrm -rf /')).toEqual(['rm-recursive-root', 'sudo']);
  });
});
