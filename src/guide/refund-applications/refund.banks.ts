// The banks a refund can be sent to (the three-digit codes of the Korea
// Financial Telecommunications & Clearings Institute), and what an account
// number must look like: 10 to 14 digits, written with or without hyphens
// or spaces between groups. Which digits make a valid account is each
// bank's secret; the office's transfer checks the account with the bank.

export const BANKS = [
  { code: '004', ko: 'KB국민은행', en: 'KB Kookmin Bank' },
  { code: '088', ko: '신한은행', en: 'Shinhan Bank' },
  { code: '020', ko: '우리은행', en: 'Woori Bank' },
  { code: '081', ko: '하나은행', en: 'Hana Bank' },
  { code: '011', ko: 'NH농협은행', en: 'NH NongHyup Bank' },
  { code: '003', ko: 'IBK기업은행', en: 'IBK Industrial Bank of Korea' },
  { code: '023', ko: 'SC제일은행', en: 'Standard Chartered Bank Korea' },
  { code: '027', ko: '한국씨티은행', en: 'Citibank Korea' },
  { code: '007', ko: '수협은행', en: 'Suhyup Bank' },
  { code: '031', ko: 'iM뱅크', en: 'iM Bank' },
  { code: '032', ko: '부산은행', en: 'Busan Bank' },
  { code: '034', ko: '광주은행', en: 'Kwangju Bank' },
  { code: '035', ko: '제주은행', en: 'Jeju Bank' },
  { code: '037', ko: '전북은행', en: 'Jeonbuk Bank' },
  { code: '039', ko: '경남은행', en: 'Kyongnam Bank' },
  { code: '045', ko: '새마을금고', en: 'MG Community Credit Cooperatives' },
  { code: '048', ko: '신협', en: 'Credit Union (Shinhyup)' },
  { code: '071', ko: '우체국', en: 'Korea Post' },
  { code: '089', ko: '케이뱅크', en: 'K Bank' },
  { code: '090', ko: '카카오뱅크', en: 'KakaoBank' },
  { code: '092', ko: '토스뱅크', en: 'Toss Bank' },
] as const;

export type BankCode = (typeof BANKS)[number]['code'];

export const bankByCode = (code: string) => BANKS.find((b) => b.code === code) ?? null;

export type AccountCheck = { ok: true; digits: string } | { ok: false; reason: 'empty' | 'characters' | 'length' };

/** The account number's digits when it has the form of one; why not otherwise. */
export function checkAccountNumber(input: string): AccountCheck {
  const text = input.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'empty' };
  if (!/^\d+(?:[- ]\d+)*$/.test(text)) return { ok: false, reason: 'characters' };
  const digits = text.replace(/[- ]/g, '');
  if (digits.length < 10 || digits.length > 14) return { ok: false, reason: 'length' };
  return { ok: true, digits };
}

/** What pages show of an account: the bank and the last four digits. */
export function maskedAccount(bankName: string, last4: string): string {
  return `${bankName} ****${last4}`;
}
