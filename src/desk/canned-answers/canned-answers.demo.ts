import { findActiveStaffForLogin } from '../../platform/auth/staff.repository.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import { DEMO_DISTRICTS, type SeedDeps } from '../../platform/demo/seed.ts';
import type { Bilingual } from '../../platform/i18n/i18n.ts';
import { createCannedAnswer, listCannedAnswers } from './canned-answers.repository.ts';

// The demo's canned answers (`npm start`): what a desk agent of each demo
// district finds under "Canned answer" in the live desk, so a conversation
// can be answered in a click at any hour. A district is given them once (one
// that has canned answers of its own is left alone); the desk agent
// (<district>.desk) is their author. {district} is the district's name in
// the answer's language.

export const DEMO_CANNED_ANSWERS: readonly { title: string; body: Bilingual }[] = [
  {
    title: '첫인사',
    body: {
      ko: '안녕하세요, {district} 세무과 상담원입니다. 무엇을 도와드릴까요?',
      en: 'Hello, this is the {district} tax office desk. How can I help you?',
    },
  },
  {
    title: '연락처 변경',
    body: {
      ko: '고지서를 받을 휴대전화나 이메일이 바뀌었다면 이 채팅 창 아래의 “연락처 변경 양식 작성”을 눌러 주세요. 새 연락처로 인증번호가 가고, 인증번호를 입력하시면 제가 확인한 뒤 바로 반영합니다.',
      en: 'If the mobile number or e-mail address for your notices has changed, press “Fill in the contact update form” below this chat. A code goes to the new contact; once you enter it, I check the request and apply it.',
    },
  },
  {
    title: '납부 방법',
    body: {
      ko: '고지서의 가상계좌로 이체하시거나, 위택스(www.wetax.go.kr) 또는 인터넷지로(www.giro.or.kr)에서 고지서의 전자납부번호로 납부하실 수 있습니다. 메시지로 받은 고지서의 링크를 열면 금액, 납부기한과 계좌가 나옵니다.',
      en: 'You can transfer the amount to the virtual account on your notice, or pay on Wetax (www.wetax.go.kr) or Internet Giro (www.giro.or.kr) with the electronic payment number on the notice. The link in your notice message shows the amount, the due date and the account.',
    },
  },
  {
    title: '납부기한 연장',
    body: {
      ko: '고지서가 납부기한 전 7일 이내에 또는 기한이 지나서 도착했다면 납부기한은 도착한 날부터 14일이 지난 날로 연장됩니다(지방세기본법 제31조). 고지서 링크의 납부 안내에 연장된 기한이 표시됩니다.',
      en: 'If your notice arrived within 7 days of its due date or after it, the due date moves to 14 days after it arrived (Framework Act on Local Taxes, Article 31). The payment page in your notice link shows the extended date.',
    },
  },
  {
    title: '환급 신청',
    body: {
      ko: '같은 고지서를 두 번 내셨거나 더 많이 내셨다면 지방세 안내의 환급 신청 페이지에서 신청하실 수 있습니다. 고지서의 과세연도와 고지번호, 환급받을 계좌가 필요합니다.',
      en: 'If you paid a notice twice or paid too much, you can apply on the refund application page of the local-tax guide. You need the tax year and notice number of the notice, and the account to refund to.',
    },
  },
  {
    title: '메시지 남기기',
    body: {
      ko: '상담 시간(평일 9시–18시)이 아닐 때는 “메시지 남기기” 양식에 질문을 남겨 주시면 문자나 이메일로 답변을 보내 드립니다.',
      en: 'Outside opening hours (weekdays 9:00–18:00), leave your question with the “Leave a message” form and we will answer by text message or e-mail.',
    },
  },
  {
    title: '마무리',
    body: {
      ko: '더 궁금하신 점이 있으신가요? 없으시면 대화를 마치겠습니다. 대화가 끝나면 만족도를 남기시고 상담 기록을 이메일로 받으실 수 있습니다.',
      en: 'Is there anything else I can help with? If not, I will close this conversation. Once it is closed you can rate it and get a transcript by e-mail.',
    },
  },
];

export async function seedDemoCannedAnswers(deps: SeedDeps): Promise<void> {
  for (const { code } of DEMO_DISTRICTS) {
    const district = await findDistrict(deps.db, code);
    if (!district) continue;
    if ((await listCannedAnswers(deps.db, district.code)).length > 0) continue;
    const agent = await findActiveStaffForLogin(deps.db, `${district.code}.desk`);
    if (!agent || agent.district_code !== district.code) continue;
    await deps.db.transaction(async (tx) => {
      for (const answer of DEMO_CANNED_ANSWERS) {
        const fill = (text: string, name: string) => text.replaceAll('{district}', name);
        await createCannedAnswer(tx, district.code, Number(agent.id), {
          title: answer.title,
          bodyKo: fill(answer.body.ko, district.name.ko),
          bodyEn: fill(answer.body.en, district.name.en),
        });
      }
    });
  }
}
