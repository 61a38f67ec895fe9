import { defineMessages } from '../../platform/i18n/i18n.ts';

// Words of the canned answers: the staff pages (/console/desk/canned-answers)
// and what the API answers.

export const cannedAnswerMessages = defineMessages({
  canned_title: { ko: '준비된 답변', en: 'Canned answers' },
  canned_lead: {
    ko: '상담원이 대화에서 골라 메시지 칸에 넣는 답변입니다. 대화의 언어에 맞춰 한국어나 영어 글이 들어갑니다.',
    en: "Answers agents pick in a conversation to put into the message box. The Korean or English text goes in, by the conversation's language.",
  },
  canned_read_only: { ko: '답변은 관리자가 추가하고 바꿀 수 있습니다.', en: 'Administrators add and change these answers.' },
  canned_none: { ko: '아직 준비된 답변이 없습니다.', en: 'There are no canned answers yet.' },
  col_title: { ko: '제목', en: 'Title' },
  col_body_ko: { ko: '한국어', en: 'Korean' },
  col_body_en: { ko: '영어', en: 'English' },
  col_updated: { ko: '바꾼 때', en: 'Last changed' },
  col_actions: { ko: '할 일', en: 'Actions' },
  canned_add_title: { ko: '답변 추가', en: 'Add an answer' },
  field_title: { ko: '제목', en: 'Title' },
  field_title_hint: { ko: '상담원이 목록에서 고를 때 보는 이름입니다. 100자까지 씁니다.', en: 'The name agents see when they pick an answer. Up to 100 characters.' },
  field_body_ko: { ko: '한국어 답변', en: 'Answer in Korean' },
  field_body_en: { ko: '영어 답변', en: 'Answer in English' },
  field_body_hint: { ko: '2,000자까지 씁니다.', en: 'Up to 2,000 characters.' },
  canned_add: { ko: '답변 추가', en: 'Add answer' },
  canned_change: { ko: '바꾸기', en: 'Change' },
  canned_remove: { ko: '지우기', en: 'Remove' },
  canned_edit_title: { ko: '답변 바꾸기: {title}', en: 'Change the answer: {title}' },
  canned_save: { ko: '바꾼 내용 저장', en: 'Save changes' },
  canned_cancel: { ko: '취소하고 목록으로', en: 'Cancel and go back to the list' },
  canned_remove_title: { ko: '답변 ‘{title}’을 지울까요?', en: 'Remove the answer “{title}”?' },
  canned_remove_warning: { ko: '지운 답변은 되살릴 수 없습니다. 상담원의 목록에서도 바로 빠집니다.', en: 'A removed answer cannot be brought back. It leaves the agents’ list at once.' },
  canned_remove_confirm: { ko: '답변 지우기', en: 'Remove answer' },
  canned_added: { ko: '답변 ‘{title}’을 추가했습니다.', en: 'The answer “{title}” was added.' },
  canned_changed: { ko: '답변 ‘{title}’을 바꿨습니다.', en: 'The answer “{title}” was changed.' },
  canned_removed: { ko: '답변을 지웠습니다.', en: 'The answer was removed.' },
  err_title: { ko: '제목을 100자 이내로 입력하세요.', en: 'Enter a title of 100 characters or fewer.' },
  err_body_ko: { ko: '한국어 답변을 2,000자 이내로 입력하세요.', en: 'Enter the answer in Korean, 2,000 characters or fewer.' },
  err_body_en: { ko: '영어 답변을 2,000자 이내로 입력하세요.', en: 'Enter the answer in English, 2,000 characters or fewer.' },
  not_found: { ko: '준비된 답변을 찾을 수 없습니다.', en: 'Canned answer not found.' },
  duplicate_title: { ko: '같은 제목의 답변이 이미 있습니다. 다른 제목을 쓰세요.', en: 'A canned answer with this title exists; choose another title.' },
// request fields as the pages name them (a refusal names the field in the caller's words)
  label_title: { ko: '제목', en: 'Title' },
  label_body_ko: { ko: '답변(한국어)', en: 'Answer (Korean)' },
  label_body_en: { ko: '답변(영어)', en: 'Answer (English)' },
});

export type CannedAnswerMessageKey = keyof typeof cannedAnswerMessages.catalogue;
