import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

// A synthetic roll in the format of shared/formats/tax-roll.md: one
// property-tax season, about 1.4 notices per taxpayer (owners of several
// properties), all contact forms the format allows, quoted addresses with
// commas, a share of legacy numbers and e-mail addresses. ~250 bytes a row.

const SURNAMES = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임'];
const GIVEN = ['민준', '서연', '지훈', '예린', '도윤', '하은', '시우', '지아', '주원', '수아'];
const STREETS = ['테헤란로', '강남대로', '영동대로', '도산대로', '언주로', '논현로', '봉은사로', '삼성로'];

export async function generateRoll(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('notice_no,taxpayer_no,name,birth_date,identity_key,mobile,email,e_notice,postal_code,address,tax_item,tax_year,period,amount,due_date,payment_account\n');
  const taxpayers = Math.max(1, Math.round(rows / 1.4));
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    // rows of one taxpayer are spread through the file, as levy systems sort by notice number
    const t = (i * 7919) % taxpayers;
    const name = SURNAMES[t % 10]! + GIVEN[Math.floor(t / 10) % 10]!;
    const y = 1940 + (t % 60);
    const birth = t % 2 ? `${y}-${String((t % 12) + 1).padStart(2, '0')}-${String((t % 28) + 1).padStart(2, '0')}` : `${y}${String((t % 12) + 1).padStart(2, '0')}${String((t % 28) + 1).padStart(2, '0')}`;
    const n = String(t).padStart(8, '0');
    const mobile = t % 20 === 0 ? `016-${(t % 9) + 1}${n.slice(6)}-${n.slice(4)}` : t % 3 === 0 ? `+82 10-${(t % 9) + 1}${n.slice(5)}-${n.slice(4)}` : `010-${(t % 9) + 1}${n.slice(5)}-${n.slice(4)}`;
    const email = t % 4 === 0 ? `user${t}@example.kr` : '';
    const eNotice = t % 5 === 0 ? 'kakao|email' : t % 5 === 1 ? 'sms' : '';
    const amount = 100000 + ((i * 104729) % 5_000_000);
    const amountText = i % 2 ? `"${amount.toLocaleString('en-US')}"` : String(amount);
    const address = i % 3 === 0 ? `"서울특별시 강남구 ${STREETS[i % 8]} ${(i % 900) + 1}, ${(i % 30) + 101}동 ${(i % 20) + 1}01호"` : `서울특별시 강남구 ${STREETS[i % 8]} ${(i % 900) + 1}`;
    chunk.push(
      `2026-0700-${String(i + 1).padStart(7, '0')},T${n},${name},${birth},,${t % 7 === 0 ? '' : mobile},${email},${eNotice},06${String(t % 1000).padStart(3, '0')},${address},property_tax,2026,1,${amountText},2026-07-31,2601${String(i).padStart(10, '0')}\n`,
    );
    if (chunk.length === 5000) {
      if (!out.write(chunk.join(''))) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end(chunk.join(''));
  await once(out, 'finish');
  return taxpayers;
}
