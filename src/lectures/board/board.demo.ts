import type { SeedDeps } from '../../platform/demo/seed.ts';
import { addDays, seoulDay, startOfSeoulDay } from '../../platform/time/seoul.ts';
import { addUpvote, demoModerator, districtHasQuestions } from './board.repository.ts';
import type { BoardField } from './board.schema.ts';
import { answerQuestion, checkQuestion, markForLecture, newBrowserId, postQuestion, publishQuestion, rejectQuestion, voterHash, type BoardDeps } from './board.service.ts';

// The demo's question board (`npm start`): Seocho-gu's residents have asked
// about the taxes of the season, over last month and this one; officials
// have published most of them, answered some in writing, marked the most
// wanted for the coming lecture and rejected an advertisement; two wait in
// the queue (one with a phone number the board masked). Upvotes from
// made-up browsers give the monthly view something to rank. Every step goes
// through the board's own service, so it is audited like the real thing.
// Idempotent: a district with questions is left as it is.

export const DEMO_BOARD_DISTRICT = 'seocho';

interface DemoQuestion {
  nickname: string;
  title: string;
  body: string;
  field: BoardField;
  /** days before today it was asked (and published, when it is) */
  daysAgo: number;
  outcome: 'pending' | 'published' | 'answered' | 'lecture' | 'rejected';
  upvotes: number;
  answer?: string;
}

const QUESTIONS: readonly DemoQuestion[] = [
  { nickname: '반포동 주민', title: '자동차세 연납은 언제 신청하나요?', body: '1월에 한 번에 내면 할인된다고 들었습니다. 3월이나 6월에도 신청할 수 있나요?', field: 'vehicle', daysAgo: 34, outcome: 'answered', upvotes: 12, answer: '1월, 3월, 6월, 9월에 신청할 수 있습니다. 남은 기간의 세액을 한 번에 내면 공제를 받습니다. 공제율은 해마다 달라지니 위택스나 구청 세무과에서 확인하세요.' },
  { nickname: '새 집 마련', title: '생애 첫 주택 취득세 감면 조건이 궁금합니다', body: '12억 원 이하 주택이면 감면된다고 하는데, 부부 공동명의일 때도 받을 수 있나요? 신청은 언제 해야 하나요?', field: 'acquisition', daysAgo: 30, outcome: 'lecture', upvotes: 21 },
  { nickname: '서초맘', title: '재산세를 카드로 나눠 낼 수 있나요?', body: '7월 재산세가 생각보다 많이 나왔습니다. 분할납부나 카드 무이자 할부가 되는지 알고 싶습니다.', field: 'property', daysAgo: 28, outcome: 'answered', upvotes: 9, answer: '재산세 본세가 250만 원을 넘으면 일부를 2개월 안에 나눠 낼 수 있습니다. 카드 할부는 카드사마다 조건이 다르니 카드사에 확인하세요.' },
  { nickname: '1인 사업자', title: '지방소득세 신고를 따로 해야 하나요?', body: '종합소득세를 신고하면 지방소득세도 같이 되는 건지, 구청에 따로 신고해야 하는지 헷갈립니다.', field: 'local_income', daysAgo: 12, outcome: 'lecture', upvotes: 17 },
  { nickname: '양재동', title: '이사했는데 주민세는 어느 구에 내나요?', body: '7월에 서초구로 이사했습니다. 8월 주민세는 예전 주소지와 새 주소지 중 어디에 내나요?', field: 'resident', daysAgo: 9, outcome: 'published', upvotes: 6 },
  { nickname: '잠원동', title: '재산세 과세 기준일이 6월 1일인가요?', body: '6월 10일에 집을 팔았는데 올해 재산세는 누가 내나요?', field: 'property', daysAgo: 6, outcome: 'published', upvotes: 14 },
  { nickname: '중고차 구입', title: '자동차를 팔면 남은 자동차세는 돌려받나요?', body: '연납을 했는데 9월에 차를 팔았습니다. 남은 기간 세금을 돌려받을 수 있나요?', field: 'vehicle', daysAgo: 4, outcome: 'published', upvotes: 8 },
  { nickname: '광고', title: '세무 대행 싸게 해 드립니다', body: '상담은 문자로 주세요.', field: 'other', daysAgo: 3, outcome: 'rejected', upvotes: 0 },
  { nickname: '방배동', title: '취득세 신고 기한을 넘기면 가산세가 얼마인가요?', body: '잔금일로부터 60일이 지났습니다. 010-1234-5678로 연락 주셔도 됩니다.', field: 'acquisition', daysAgo: 1, outcome: 'pending', upvotes: 0 },
  { nickname: 'Jay', title: 'Do foreign residents pay resident tax?', body: 'I moved to Seocho-gu this year on a work visa. Do I have to pay the resident tax in August?', field: 'resident', daysAgo: 0, outcome: 'pending', upvotes: 0 },
];

/** Seeds Seocho-gu's question board once (a DemoSeedStep: `serve --demo` runs it on every start). */
export async function seedDemoBoard(deps: SeedDeps): Promise<void> {
  const { db, cipher } = deps;
  if (await districtHasQuestions(db, DEMO_BOARD_DISTRICT)) return;
  const moderatorId = await demoModerator(db, DEMO_BOARD_DISTRICT);
  if (moderatorId === null) return;
  const today = seoulDay(new Date());
  let clock = new Date();
  const board: BoardDeps = { db, cipher, clock: () => clock, publicUrl: '' };
  const staff = { id: moderatorId, districtCode: DEMO_BOARD_DISTRICT };

  for (const q of QUESTIONS) {
    // asked at 10:00 in Seoul that day (or now, for today's), moderated an hour later
    const asked = new Date(Math.min(startOfSeoulDay(addDays(today, -q.daysAgo)).getTime() + 10 * 3600_000, Date.now() - 60_000));
    clock = asked;
    const checked = checkQuestion({ nickname: q.nickname, title: q.title, body: q.body, field: q.field });
    if (!checked.ok) throw new Error(`demo question does not pass the board's checks: ${q.title}`);
    const { id } = await postQuestion(board, DEMO_BOARD_DISTRICT, checked.value, 'ko');
    if (q.outcome === 'pending') continue;
    clock = new Date(Math.min(asked.getTime() + 3600_000, Date.now()));
    if (q.outcome === 'rejected') {
      await rejectQuestion(board, staff, id, '세금과 관계없는 광고입니다.');
      continue;
    }
    await publishQuestion(board, staff, id);
    if (q.outcome === 'answered') await answerQuestion(board, staff, id, q.answer!);
    if (q.outcome === 'lecture') await markForLecture(board, staff, id, true);
    for (let i = 0; i < q.upvotes; i++) await addUpvote(db, { districtCode: DEMO_BOARD_DISTRICT, id, voterHash: voterHash(board, newBrowserId()), now: clock });
  }
  deps.log?.info({ district: DEMO_BOARD_DISTRICT, questions: QUESTIONS.length }, 'demo question board seeded');
}
