import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

// The deployment guide's files are checked by the tools that will read them:
// `nginx -t` on the nginx configuration (with a certificate made here) and
// `systemd-analyze verify` on the units. A missing tool skips its test and
// says which package to install (.ci/run installs both).

const DEPLOY = join(import.meta.dirname, '..', 'docs', 'deploy');
const work = mkdtempSync(join(tmpdir(), 'deploy-files-'));
after(() => rmSync(work, { recursive: true, force: true }));

function which(candidates: string[]): string | undefined {
  return candidates.find((path) => spawnSync(path, ['-h'], { stdio: 'ignore' }).error === undefined);
}

const nginx = which(['/usr/sbin/nginx', 'nginx']);
const systemdAnalyze = which(['/usr/bin/systemd-analyze', 'systemd-analyze']);

test('nginx -t accepts docs/deploy/taxstation.nginx.conf', { skip: nginx ? false : 'SKIPPED: nginx is not installed (apt-get install nginx)' }, () => {
  const cert = join(work, 'cert.pem');
  const key = join(work, 'key.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=tax.example.go.kr', '-days', '1', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const site = readFileSync(join(DEPLOY, 'taxstation.nginx.conf'), 'utf8')
    .replace('/etc/letsencrypt/live/tax.example.go.kr/fullchain.pem', cert)
    .replace('/etc/letsencrypt/live/tax.example.go.kr/privkey.pem', key);
  assert.ok(site.includes(cert) && site.includes(key), 'the certificate lines were found');
  writeFileSync(join(work, 'taxstation.conf'), site);
  writeFileSync(
    join(work, 'nginx.conf'),
    `pid ${join(work, 'nginx.pid')};\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  client_body_temp_path ${work};\n  proxy_temp_path ${work};\n  fastcgi_temp_path ${work};\n  uwsgi_temp_path ${work};\n  scgi_temp_path ${work};\n  include ${join(work, 'taxstation.conf')};\n}\n`,
  );
  const res = spawnSync(nginx!, ['-t', '-p', work, '-c', join(work, 'nginx.conf')], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stderr, /syntax is ok/);
  assert.match(res.stderr, /test is successful/);
  for (const path of ['/r/desk/socket', '/console/desk/socket', '/r/video/socket', '/r/station/socket']) {
    const pattern = /location ~ (\S+) \{\n[^}]*Upgrade \$http_upgrade/.exec(site)![1]!;
    assert.match(path, new RegExp(pattern), `${path} is upgraded`);
  }
});

test('systemd-analyze verify accepts the units in docs/deploy', { skip: systemdAnalyze ? false : 'SKIPPED: systemd-analyze is not installed (apt-get install systemd)' }, () => {
  const units = readdirSync(DEPLOY).filter((f) => /\.(service|target|timer)$/.test(f));
  assert.ok(units.length >= 5, units.join(', '));
  for (const unit of units) copyFileSync(join(DEPLOY, unit), join(work, unit));
  // Templates are verified as instances, the way taxstation.target starts them.
  const instance = (u: string) => u.replace('@.service', u.includes('serve') ? '@3001.service' : '@1.service');
  for (const unit of units.filter((u) => u.includes('@.service'))) copyFileSync(join(DEPLOY, unit), join(work, instance(unit)));
  const paths = units.map((u) => join(work, instance(u)));
  const res = spawnSync(systemdAnalyze!, ['verify', '--man=no', ...paths], { encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  assert.equal(res.stderr.trim(), '', 'no warnings either (an unknown key or a bad value is only a warning)');
});
