import type { PersonalDataCipher } from '../crypto.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { hashPassword } from '../auth/password.ts';
import { insertStaffAccount } from '../auth/staff.repository.ts';
import { fillOfficeContact } from '../districts/districts.repository.ts';

// The demo that `npm start` serves: two districts, one staff account of every
// role in each, then the further steps the composition root lists
// (src/app/demo.ts: the taxpayer registry, a season of notices …). Safe to
// run on every start.

export interface SeedDeps {
  db: Database;
  cipher: PersonalDataCipher;
  log?: Logger;
}

/**
 * Further demo data, run in order after districts and staff on every
 * `serve --demo`. Each step must be idempotent (check before inserting) and
 * cheap when its data is already there.
 */
export type DemoSeedStep = (deps: SeedDeps) => Promise<void>;

/** Every demo account has this password; printed at start. Never used outside the demo. */
export const DEMO_PASSWORD = 'taxstation-demo';

export const DEMO_DISTRICTS = [
  // The offices' public switchboards and addresses, printed on the demo's paper notices.
  { code: 'gangnam', nameKo: '강남구', nameEn: 'Gangnam-gu', office: { phone: '02-3423-5114', address: '서울특별시 강남구 학동로 426' } },
  { code: 'seocho', nameKo: '서초구', nameEn: 'Seocho-gu', office: { phone: '02-2155-6114', address: '서울특별시 서초구 남부순환로 2584' } },
] as const;

const ROLE_SUFFIX: Record<Role, string> = {
  admin: 'admin',
  tax_official: 'official',
  desk_agent: 'desk',
  expert: 'expert',
  lecturer: 'lecturer',
};

const DISPLAY_NAMES: Record<string, Record<Role, string>> = {
  gangnam: { admin: '김관리', tax_official: '이세무', desk_agent: '박상담', expert: '최세무사', lecturer: '정강사' },
  seocho: { admin: '한관리', tax_official: '윤세무', desk_agent: '장상담', expert: '임세무사', lecturer: '오강사' },
};

export interface DemoLogin {
  district: string;
  username: string;
  role: Role;
  displayName: string;
}

export function demoLogins(): DemoLogin[] {
  return DEMO_DISTRICTS.flatMap((d) =>
    ROLES.map((role) => ({ district: d.code, username: `${d.code}.${ROLE_SUFFIX[role]}`, role, displayName: DISPLAY_NAMES[d.code]![role] })),
  );
}

export async function seedDemo(deps: SeedDeps, steps: readonly DemoSeedStep[] = []): Promise<{ created: boolean }> {
  const { db } = deps;
  const { rows: existing } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM districts');
  const created = existing[0]!.n === 0;
  const { rows: present } = await db.query<{ username: string }>('SELECT username FROM staff_accounts WHERE username = ANY($1::text[])', [
    demoLogins().map((l) => l.username),
  ]);
  const missing = demoLogins().filter((l) => !present.some((p) => p.username === l.username));
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD)));
  await db.transaction(async (tx) => {
    for (const d of DEMO_DISTRICTS) {
      await tx.query('INSERT INTO districts (code, name_ko, name_en) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING', [d.code, d.nameKo, d.nameEn]);
      await fillOfficeContact(tx, d.code, d.office);
    }
    for (const [i, login] of missing.entries()) {
      await insertStaffAccount(tx, { districtCode: login.district, username: login.username, displayName: login.displayName, role: login.role, passwordHash: hashes[i]! });
    }
  });
  for (const step of steps) await step(deps);
  if (created) deps.log?.info({ districts: DEMO_DISTRICTS.length, staff: demoLogins().length }, 'demo data seeded');
  return { created };
}
