import { defineMessages } from '../../platform/i18n/i18n.ts';

// The roll format in words, for the upload page's table of columns: what
// each column holds and the forms each kind of value may take (the column
// definitions are roll-format.ts's ROLL_COLUMNS; docs/roll-format.md says
// the same for readers of the project).

export const rollFormatMessages = defineMessages({
  format_title: { ko: '파일에 들어가는 열', en: 'What the file holds' },
  format_lead: {
    ko: 'CSV 파일(쉼표로 구분, 첫 줄은 머리행)의 한 줄이 납세자 한 명에게 가는 고지서 한 장입니다. 열 이름은 영문이나 한글 어느 쪽이든 되고, 순서는 자유이며, 모르는 열은 무시합니다.',
    en: 'A CSV file (comma separated, the first line a header): one line is one notice to one taxpayer. Columns may use their English or Korean names, in any order; columns not listed here are ignored.',
  },
  format_encodings: {
    ko: '인코딩은 자동으로 알아냅니다: UTF-8(바이트 순서 표시가 있든 없든) 또는 CP949(한글 윈도의 엑셀이 저장하는 형식). UTF-16은 받지 않습니다.',
    en: 'The encoding is detected: UTF-8 (with or without a byte-order mark) or CP949 (what Excel on Korean Windows saves). UTF-16 is refused.',
  },
  format_caption: { ko: '과세자료 파일의 열', en: 'Columns of the tax-roll file' },
  format_col_column: { ko: '열 이름', en: 'Column' },
  format_col_required: { ko: '필수', en: 'Required' },
  format_col_meaning: { ko: '내용', en: 'What it holds' },
  format_col_form: { ko: '쓰는 방법', en: 'Accepted forms' },
  format_col_example: { ko: '예', en: 'Example' },
  required_yes: { ko: '예', en: 'Yes' },
  required_no: { ko: '아니요', en: 'No' },
  example_empty: { ko: '(비움)', en: '(empty)' },
  sample_title: { ko: '예시 파일', en: 'Sample file' },
  sample_lead: {
    ko: '위의 열로 만든 세 줄짜리 예시입니다(UTF-8, 사람과 번호는 지어낸 것). 형식을 확인하는 데 쓰고, 실제 구의 자료로 가져오지는 마세요.',
    en: 'Three lines made from the columns above (UTF-8; the people and numbers are made up). Use it to check the format; do not import it into a live district.',
  },
  sample_en: { ko: '예시 파일 내려받기 (영문 머리행)', en: 'Download the sample file (English header)' },
  sample_ko: { ko: '예시 파일 내려받기 (한글 머리행)', en: 'Download the sample file (Korean header)' },
  format_link: { ko: '파일에 들어가는 열과 예시 파일', en: 'The columns of the file, and a sample file' },

  // what each column holds
  meaning_notice_no: { ko: '고지번호(전자납부번호). 같은 구, 같은 과세연도 안에서 하나뿐입니다.', en: 'The notice number (electronic payment number), unique within the district and tax year.' },
  meaning_taxpayer_no: { ko: '구의 납세자번호. 같은 사람이 여러 줄에 나올 수 있습니다.', en: "The district's taxpayer number; one person may be on many lines." },
  meaning_name: { ko: '등록된 성명', en: 'Name as registered' },
  meaning_birth_date: { ko: '생년월일', en: 'Date of birth' },
  meaning_identity_key: { ko: '본인확인 연계정보(CI). 휴대전화 번호 없이 카카오톡으로 보낼 때 씁니다.', en: 'The identification key (CI) of identity verification, for KakaoTalk delivery without a phone number' },
  meaning_mobile: { ko: '휴대전화 번호', en: 'Mobile number' },
  meaning_email: { ko: '이메일 주소', en: 'E-mail address' },
  meaning_e_notice: { ko: '신청한 전자고지 방법. 비어 있으면 종이 고지서만 보냅니다.', en: 'The electronic channels applied for; empty means paper only' },
  meaning_postal_code: { ko: '우편번호', en: 'Postal code' },
  meaning_address: { ko: '종이 고지서를 보낼 주소', en: 'Postal address for paper notices' },
  meaning_tax_item: { ko: '세목', en: 'Tax item' },
  meaning_tax_year: { ko: '과세연도', en: 'Tax year' },
  meaning_period: { ko: '한 해 안의 기분(1기, 2기 …)', en: 'Instalment within the year (1st, 2nd …)' },
  meaning_amount: { ko: '고지금액(원)', en: 'Amount due, in won' },
  meaning_due_date: { ko: '법정 납부기한', en: 'The legal due date' },
  meaning_payment_account: { ko: '납부용 가상계좌 번호', en: 'Virtual account number for payment' },

  // the forms each kind of value may take (the values a file holds, such as
  // 2026-07-31 or kakao, are listed beside these words as the file writes them)
  form_notice_no: { ko: '숫자, 영문, 붙임표(-)만, {max}자 이하', en: 'Digits, letters and dashes, at most {max} characters' },
  form_text: { ko: '{max}자 이하', en: 'At most {max} characters' },
  form_date: { ko: '달력에 있는 날짜를 다음 가운데 한 가지로:', en: 'A real calendar date, written as one of:' },
  form_identity_key: { ko: '본인확인기관이 준 그대로의 88자', en: 'The 88 characters as identity verification gave them' },
  form_mobile: {
    ko: '다음 가운데 한 가지 모양. 서비스가 끝난 011·016·017·018·019 번호도 받되 따로 표시해 둡니다.',
    en: 'Any of these shapes. Numbers on the ended 011, 016, 017, 018 and 019 prefixes are taken and flagged.',
  },
  form_email: { ko: '주소 그대로, {max}자 이하', en: 'The address as given, at most {max} characters' },
  form_channels: { ko: '다음 가운데 여럿을 세로줄(|)로 이어서:', en: 'Any of these, joined by a vertical bar (|):' },
  form_postal_code: { ko: '숫자 5자리', en: '5 digits' },
  form_tax_item: { ko: '다음 가운데 하나(영문 또는 한글 이름):', en: 'One of these (English or Korean name):' },
  form_year: { ko: '숫자 4자리 (1990–2200)', en: '4 digits (1990–2200)' },
  form_period: { ko: '1부터 12까지의 숫자, 다음처럼:', en: 'A number from 1 to 12, like:' },
  form_amount: { ko: '원 단위 정수. 쉼표는 있어도 없어도 됩니다:', en: 'Whole won, with or without commas:' },
  form_account: { ko: '숫자와 붙임표(-), {max}자 이하', en: 'Digits and dashes, at most {max} characters' },
});

export type RollFormatMessageKey = keyof typeof rollFormatMessages.catalogue;
