import type { FastifyRequest } from 'fastify';
import { html } from '../../platform/web/html.ts';
import { renderPage } from '../../platform/web/layout.ts';

// How a resident applies for a local-tax refund today. The desk links here
// when a resident asks about a refund; the guide's online application form
// (DESIGN.md, guide domain) will be added to this page when it is built.

export const REFUND_GUIDE_PATH = '/r/guide/refund';

export function refundGuidePage(request: FastifyRequest): string {
  const ko = request.locale === 'ko';
  const title = ko ? '지방세 환급 신청 안내' : 'Applying for a local-tax refund';
  return renderPage(request, {
    title,
    body: html`<h1>${title}</h1>
<p class="lead">${ko
      ? '지방세를 잘못 내거나 더 많이 낸 경우(과오납), 그 금액에 환급가산금을 더해 돌려받을 수 있습니다.'
      : 'If you paid local tax by mistake or paid too much (an overpayment), you can get it back with refund interest added.'}</p>
<h2>${ko ? '신청하는 방법' : 'How to apply'}</h2>
<ol>
  <li>${ko
      ? '위택스(www.wetax.go.kr)에 로그인해 환급금 조회·신청 메뉴에서 신청합니다.'
      : 'Online: sign in to Wetax (www.wetax.go.kr) and apply under refund enquiry and application.'}</li>
  <li>${ko
      ? '또는 구청 세무과를 방문하거나 우편·팩스로 지방세 환급금 청구서를 제출합니다.'
      : 'Or in person at the district office’s tax department, or by sending the local-tax refund claim form by post or fax.'}</li>
</ol>
<h2>${ko ? '준비할 것' : 'What you need'}</h2>
<ul>
  <li>${ko ? '고지서의 납세번호(전자납부번호)' : 'The notice number (electronic payment number) on your tax notice'}</li>
  <li>${ko ? '본인 명의의 은행 계좌' : 'A bank account in your own name'}</li>
  <li>${ko ? '대리인이 신청하는 경우 위임장과 신분증' : 'If someone applies for you: a letter of authority and their identification'}</li>
</ul>
<h2>${ko ? '기한' : 'Time limit'}</h2>
<p>${ko
      ? '환급금을 받을 권리는 청구할 수 있는 날부터 5년 동안 행사하지 않으면 사라집니다(지방세기본법 제64조).'
      : 'The right to a refund lapses if it is not claimed within five years of the day it could first be claimed (Framework Act on Local Taxes, Article 64).'}</p>
<h2>${ko ? '도움이 필요하면' : 'If you need help'}</h2>
<ul>
  <li><a href="/r/desk?lang=${request.locale}">${ko ? '상담원과 채팅' : 'Chat with an agent'}</a></li>
  <li><a href="/r/desk/offline?lang=${request.locale}">${ko ? '메시지 남기기 (답변은 문자 또는 이메일로 보내 드립니다)' : 'Leave a message (we answer by text message or e-mail)'}</a></li>
</ul>`,
  });
}
