import { findActiveStaffForLogin } from '../../platform/auth/staff.repository.ts';
import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import type { SeedDeps } from '../../platform/demo/seed.ts';
import { slugTaken } from './booths.repository.ts';
import type { PageKind } from './booths.schema.ts';
import { savePage } from './booths.service.ts';

// The demo's information booths (`npm start`): three booths of Seocho-gu
// (acquisition, property and vehicle tax), six FAQ entries and one
// promotion, in Korean and English, written through the same path as an
// official's form (checked, audited) by the district's demo official. A
// page whose slug the district already has is left as it is, so an
// official's edits survive a restart.

const DEMO_DISTRICT = 'seocho';
const DEMO_OFFICIAL = 'seocho.official';

interface DemoPage {
  kind: PageKind;
  slug: string;
  position: number;
  title: { ko: string; en: string };
  body: { ko: string; en: string };
}

export const DEMO_PAGES: readonly DemoPage[] = [
  {
    kind: 'booth',
    slug: 'acquisition-tax',
    position: 10,
    title: { ko: '취득세 안내 부스', en: 'Acquisition tax booth' },
    body: {
      ko: `부동산, 자동차, 회원권(골프·콘도 등) 같은 자산을 사거나 상속·증여로 얻으면 **취득세**를 신고하고 냅니다.

## 언제까지 신고하나요?

| 취득 원인 | 신고·납부 기한 |
|---|---|
| 매매 등 유상 취득 | 취득일부터 60일 이내 |
| 증여 등 무상 취득 | 취득일이 속하는 달의 말일부터 3개월 이내 |
| 상속 | 상속이 개시된 날이 속하는 달의 말일부터 6개월 이내(상속인이 외국에 주소를 두면 9개월) |

매매로 산 부동산은 보통 **잔금을 치른 날**이 취득일입니다. 그 전에 등기를 하면 등기한 날입니다. 기한이 토요일·일요일·공휴일이면 다음 날까지 낼 수 있습니다.

## 세율은 얼마인가요?

- 주택을 사면 취득가액에 따라 1~3%입니다.
- 보유한 주택 수와 지역에 따라 더 높은 세율(중과)이 적용될 수 있습니다.
- 취득세와 함께 지방교육세가, 경우에 따라 농어촌특별세가 붙습니다.
- 생애 최초 주택 구입 같은 감면은 요건이 있으니 신고 전에 확인하세요.

## 어디서 신고하나요?

- 서울시 이택스에서 전자 신고: [etax.seoul.go.kr](https://etax.seoul.go.kr)
- 서초구청 세무 부서에 방문 신고

기한 안에 신고하지 않으면 **무신고가산세**(세액의 20%)와 **납부지연가산세**가 더해집니다.`,
      en: `When you buy or otherwise acquire assets such as real estate, a car or a membership (golf, condominium …), including by inheritance or gift, you file and pay **acquisition tax**.

## When is it due?

| How you acquired it | Filing and payment due |
|---|---|
| Purchase and other acquisition for value | Within 60 days of the acquisition |
| Gift and other acquisition without payment | Within 3 months from the end of the month of the acquisition |
| Inheritance | Within 6 months from the end of the month in which the inheritance began (9 months when the heir lives abroad) |

For a purchase, the acquisition date is usually **the day you pay the balance**, or the day of registration if you register first. A deadline on a Saturday, Sunday or public holiday moves to the next working day.

## What are the rates?

- Buying a home: 1% to 3% depending on the price.
- Higher (surcharge) rates may apply depending on how many homes you own and where.
- Local education tax, and in some cases special tax for rural development, is added.
- Reductions such as the one for first-time home buyers have conditions: check them before you file.

## Where do I file?

- Online on Seoul's ETAX: [etax.seoul.go.kr](https://etax.seoul.go.kr)
- In person at the tax office of Seocho-gu

If you do not file on time, a **penalty for failure to file** (20% of the tax) and a **late-payment penalty** are added.`,
    },
  },
  {
    kind: 'booth',
    slug: 'property-tax',
    position: 20,
    title: { ko: '재산세 안내 부스', en: 'Property tax booth' },
    body: {
      ko: `**6월 1일** 현재 주택, 건축물, 토지 등을 가진 분이 그해 재산세를 냅니다. 6월 1일에 잔금을 치르고 산 주택은 산 분이 냅니다.

## 언제 내나요?

- **7월 16일~31일**: 건축물분, 주택분의 절반, 선박·항공기분
- **9월 16일~30일**: 토지분, 주택분의 나머지 절반

주택분 세액이 일정 금액 이하이면 7월에 한 번에 부과될 수 있습니다. 재산세와 함께 지방교육세, 지역자원시설세가 고지됩니다.

## 나누어 낼 수 있나요?

납부할 세액이 **250만 원을 넘으면** 일부를 납부기한이 지난 날부터 3개월 안에 나누어 낼 수 있습니다. 납부기한 안에 신청하세요.

## 편하게 내는 방법

- 전자고지: 고지서를 카카오톡, 이메일 등으로 받습니다.
- 자동이체: 기한에 계좌에서 빠져나갑니다.
- 서울시는 전자고지와 자동이체를 신청하면 세액을 공제해 줍니다. 신청은 [서울시 이택스](https://etax.seoul.go.kr)에서 합니다.`,
      en: `Whoever owns a home, building or land on **1 June** pays that year's property tax. A home whose balance is paid on 1 June is taxed to the buyer.

## When do I pay?

- **16–31 July**: buildings, half of the tax on homes, ships and aircraft
- **16–30 September**: land, the other half of the tax on homes

When the tax on a home is small it may be billed whole in July. Local education tax and the regional resource and facility tax come on the same notice.

## Can I pay in parts?

When the tax due is **over 2.5 million won**, part of it can be paid within 3 months after the deadline. Apply before the deadline.

## Easier ways to pay

- Electronic notice: receive the notice by KakaoTalk, e-mail and similar.
- Automatic transfer: the tax is taken from your account on the deadline.
- Seoul reduces the tax for those who sign up for electronic notices and automatic transfer. Sign up on [Seoul's ETAX](https://etax.seoul.go.kr).`,
    },
  },
  {
    kind: 'booth',
    slug: 'vehicle-tax',
    position: 30,
    title: { ko: '자동차세 안내 부스', en: 'Vehicle tax booth' },
    body: {
      ko: `자동차를 가진 분은 해마다 두 번 **자동차세**를 냅니다.

- **6월 16일~30일**: 1기분(1월~6월)
- **12월 16일~31일**: 2기분(7월~12월)

한 해 세액이 10만 원 이하이면 6월에 한 번에 낼 수 있습니다. 기간 중에 차를 팔거나 폐차하면 가진 날수만큼 계산합니다.

## 세액은 어떻게 정하나요?

비영업용 승용차는 배기량에 따라 정합니다.

| 배기량 | 1cc당 연세액 |
|---|---|
| 1,000cc 이하 | 80원 |
| 1,600cc 이하 | 140원 |
| 1,600cc 초과 | 200원 |

- 차령이 3년 이상이면 해마다 5%씩, 최대 50%까지 줄어듭니다.
- 전기차 등 그 밖의 승용차는 연 10만 원입니다.
- 자동차세의 30%가 지방교육세로 함께 고지됩니다.

## 미리 한 번에 내면(연납)

**1월, 3월, 6월, 9월**에 남은 기간의 세액을 한꺼번에 내면 일부를 공제받습니다. 공제율은 법령으로 정하며 해마다 달라질 수 있습니다. 1월에 연납한 분에게는 다음 해 1월에도 연납 고지서가 갑니다.`,
      en: `Car owners pay **vehicle tax** twice a year.

- **16–30 June**: first half (January to June)
- **16–31 December**: second half (July to December)

When the year's tax is 100,000 won or less it can be paid whole in June. A car sold or scrapped during the period is taxed for the days you owned it.

## How is the amount set?

For a private passenger car, by engine displacement:

| Displacement | Yearly tax per cc |
|---|---|
| up to 1,000 cc | 80 won |
| up to 1,600 cc | 140 won |
| over 1,600 cc | 200 won |

- From the car's third year the tax falls by 5% a year, by at most 50%.
- Electric and other passenger cars: 100,000 won a year.
- Local education tax of 30% of the vehicle tax comes on the same notice.

## Paying the year in advance

Pay the rest of the year at once in **January, March, June or September** and part of it is deducted. The rate is set by law and may change from year to year. Those who pay in advance in January are sent an advance notice again the next January.`,
    },
  },
  {
    kind: 'faq',
    slug: 'who-pays-property-tax',
    position: 10,
    title: { ko: '집을 6월에 팔았는데 재산세는 누가 내나요?', en: 'I sold my home in June. Who pays the property tax?' },
    body: {
      ko: `재산세는 **6월 1일 현재 소유자**가 그해 분을 모두 냅니다. 6월 1일보다 먼저 잔금을 받았다면 산 분이, 6월 2일 이후에 받았다면 판 분이 냅니다. 6월 1일에 잔금을 치렀다면 산 분이 냅니다. 매매 계약서에서 따로 나누기로 했더라도 고지는 6월 1일 현재 소유자에게 갑니다.`,
      en: `Property tax is paid in full for the year by **whoever owns the property on 1 June**. If the balance was paid before 1 June the buyer pays; if on 2 June or later, the seller. A balance paid on 1 June itself makes the buyer liable. Even if the sales contract splits it, the notice goes to the owner on 1 June.`,
    },
  },
  {
    kind: 'faq',
    slug: 'lost-notice',
    position: 20,
    title: { ko: '고지서를 잃어버렸어요. 어떻게 내나요?', en: 'I lost my tax notice. How can I pay?' },
    body: {
      ko: `고지서가 없어도 낼 수 있습니다.

- [서울시 이택스](https://etax.seoul.go.kr)나 스마트폰 앱에서 조회하고 카드나 계좌이체로 냅니다.
- 은행 현금자동지급기에서 통장이나 카드로 조회해 냅니다.
- 구청 세무 부서에 전화하면 고지서를 다시 보내 드립니다.`,
      en: `You can pay without the notice:

- Look it up and pay by card or bank transfer on [Seoul's ETAX](https://etax.seoul.go.kr) or its smartphone app.
- Look it up and pay with your bank book or card at a bank's cash machine.
- Call the tax office of the district and we send the notice again.`,
    },
  },
  {
    kind: 'faq',
    slug: 'late-payment',
    position: 30,
    title: { ko: '납부 기한을 넘기면 어떻게 되나요?', en: 'What happens if I pay after the deadline?' },
    body: {
      ko: `기한 다음 날 납부지연가산세 **3%**(세액 기준)가 더해집니다. 고지서별 세액이 45만 원 이상이면 그 뒤로 하루에 0.022%씩, 최대 60개월까지 더해집니다(지방세기본법 제55조).

기한이 토요일·일요일·공휴일이면 다음 근무일까지 내도 늦은 것이 아닙니다(지방세기본법 제24조). 고지서가 기한 7일 전보다 늦게 왔다면 받은 날부터 14일이 기한이 됩니다(제31조).`,
      en: `On the day after the deadline a late-payment penalty of **3%** of the tax is added. When a notice's tax is 450,000 won or more, 0.022% a day is added after that, for at most 60 months (Framework Act on Local Taxes, Article 55).

A deadline on a Saturday, Sunday or public holiday moves to the next working day (Article 24). If the notice reached you later than 7 days before the deadline, the deadline becomes 14 days after it arrived (Article 31).`,
    },
  },
  {
    kind: 'faq',
    slug: 'advance-vehicle-tax',
    position: 40,
    title: { ko: '자동차세 연납은 어떻게 신청하나요?', en: 'How do I pay vehicle tax for the year in advance?' },
    body: {
      ko: `**1월, 3월, 6월, 9월**에 [서울시 이택스](https://etax.seoul.go.kr)에서 신청하고 내거나, 구청 세무 부서에 전화로 신청하면 연납 고지서를 보내 드립니다. 그 달 16일부터 말일까지 내면 남은 기간 세액의 일부를 공제받습니다. 연납한 뒤에 차를 팔거나 폐차하면 남은 기간만큼 돌려받습니다.`,
      en: `In **January, March, June or September**, apply and pay on [Seoul's ETAX](https://etax.seoul.go.kr), or call the district's tax office and we send you an advance notice. Pay from the 16th to the end of that month and part of the tax for the rest of the year is deducted. If you sell or scrap the car afterwards, the tax for the remaining period is refunded.`,
    },
  },
  {
    kind: 'faq',
    slug: 'electronic-notice',
    position: 50,
    title: { ko: '전자고지를 신청하면 무엇이 좋나요?', en: 'Why sign up for electronic notices?' },
    body: {
      ko: `- 고지서를 카카오톡, 네이버, 이메일 등으로 받아 잃어버릴 일이 없습니다.
- 서울시는 전자고지를 신청하면 세액을 공제해 줍니다.
- 받은 고지서에서 바로 낼 수 있습니다.

전자고지는 신청한 분에게만 보냅니다. 60일 안에 연속 5번 고지서를 열어 보지 않으면(납부한 경우는 제외) 신청이 해지된 것으로 보고 종이 고지서를 보냅니다. 휴대전화 번호나 이메일이 바뀌면 꼭 고쳐 주세요.`,
      en: `- Notices arrive by KakaoTalk, Naver, e-mail and similar, so none gets lost.
- Seoul reduces the tax for those who sign up for electronic notices.
- You can pay straight from the notice.

Electronic notices go only to those who signed up. If five notices in a row within 60 days go unopened (unless paid), the sign-up is taken as withdrawn and paper notices are sent. When your mobile number or e-mail changes, please update it.`,
    },
  },
  {
    kind: 'faq',
    slug: 'refund-overpaid',
    position: 60,
    title: { ko: '세금을 두 번 냈어요. 돌려받을 수 있나요?', en: 'I paid a tax twice. Can I get it back?' },
    body: {
      ko: `네. 잘못 내거나 더 낸 세금은 **지방세 환급금**으로 돌려받습니다. [서울시 이택스](https://etax.seoul.go.kr)에서 환급금을 조회하고 계좌로 신청하거나 구청 세무 부서에 신청하세요. 환급금에는 환급가산금(이자)이 붙습니다. 환급을 청구할 수 있는 권리는 **5년**이 지나면 사라지니 미루지 마세요.`,
      en: `Yes. Tax paid by mistake or overpaid is returned as a **local-tax refund**. Look it up on [Seoul's ETAX](https://etax.seoul.go.kr) and apply with your bank account, or apply at the district's tax office. Interest is added to the refund. The right to claim it ends after **5 years**, so do not wait.`,
    },
  },
  {
    kind: 'promotion',
    slug: 'tax-concern-day',
    position: 10,
    title: { ko: '매월 첫째 토요일은 ‘세금 고민 해결의 날’', en: 'First Saturday of each month: Tax Concern Resolution Day' },
    body: {
      ko: `서초구 세무 스테이션이 매월 첫째 토요일 대면 상담의 날인 **세금 고민 해결의 날**을 엽니다. 취득세, 양도소득세, 상속세, 증여세 등 세금 고민을 세무사와 직접 상담하세요.

온라인 1:1 화상 상담도 있습니다. 상담은 오전 10시~12시, 오후 2시~4시에 약 20분씩이며, **7일 전까지** 누리집이나 전화로 예약합니다.`,
      en: `Seocho-gu's Tax Station holds a **Tax Concern Resolution Day**, in person, on the first Saturday of each month. Bring your questions on acquisition, capital gains, inheritance or gift tax to a tax accountant in person.

One-to-one video consultations are also available online: about 20 minutes each, 10:00–12:00 and 14:00–16:00, booked **at least 7 days ahead** on the web or by phone.`,
    },
  },
];

/** The demo official as a signed-in principal, or null when the district is not seeded. */
async function demoOfficial(deps: SeedDeps): Promise<StaffPrincipal | null> {
  const row = await findActiveStaffForLogin(deps.db, DEMO_OFFICIAL);
  if (!row || row.district_code !== DEMO_DISTRICT) return null;
  return { id: Number(row.id), username: DEMO_OFFICIAL, displayName: DEMO_OFFICIAL, role: 'tax_official', districtCode: DEMO_DISTRICT, districtName: { ko: '서초구', en: 'Seocho-gu' } };
}

/** Demo step: Seocho-gu's booths, FAQ and promotion, published; pages already there are kept. */
export async function seedDemoBooths(deps: SeedDeps): Promise<void> {
  const staff = await demoOfficial(deps);
  if (!staff) return;
  let created = 0;
  for (const p of DEMO_PAGES) {
    if (await slugTaken(deps.db, DEMO_DISTRICT, p.slug, null)) continue;
    await savePage(deps.db, staff, null, {
      kind: p.kind, slug: p.slug, position: String(p.position), status: 'published',
      titleKo: p.title.ko, bodyKo: p.body.ko, titleEn: p.title.en, bodyEn: p.body.en,
    });
    created++;
  }
  if (created) deps.log?.info({ district: DEMO_DISTRICT, pages: created }, 'demo guide pages seeded');
}
