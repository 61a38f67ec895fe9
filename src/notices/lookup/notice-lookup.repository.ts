import type { Queryable } from '../../platform/db/database.ts';
import type { TaxItem } from '../tax-items.ts';

// A notice found by what a resident holds in their hand (district, tax year
// and notice number), for other domains' forms: the refund application reads
// whose notice it is and what it was for. Read only.

export interface NoticeFound {
  id: number;
  taxpayerId: number;
  noticeNo: string;
  taxYear: number;
  taxItem: TaxItem;
  period: number | null;
  amount: number;
  paidAt: Date | null;
}

type Row = { id: string; taxpayer_id: string; notice_no: string; tax_year: number; tax_item: TaxItem; period: number | null; amount: string; paid_at: Date | null };

const fromRow = (r: Row): NoticeFound => ({
  id: Number(r.id), taxpayerId: Number(r.taxpayer_id), noticeNo: r.notice_no, taxYear: r.tax_year, taxItem: r.tax_item,
  period: r.period, amount: Number(r.amount), paidAt: r.paid_at,
});

const COLUMNS = 'id, taxpayer_id, notice_no, tax_year, tax_item, period, amount, paid_at';

export async function findNoticeByNumber(q: Queryable, districtCode: string, taxYear: number, noticeNo: string): Promise<NoticeFound | null> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM notices WHERE district_code = $1 AND tax_year = $2 AND notice_no = $3`, [districtCode, taxYear, noticeNo]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function findNoticeById(q: Queryable, districtCode: string, id: number): Promise<NoticeFound | null> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM notices WHERE district_code = $1 AND id = $2`, [districtCode, id]);
  return rows[0] ? fromRow(rows[0]) : null;
}
