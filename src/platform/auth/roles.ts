import { z } from 'zod';
import { defineMessages } from '../i18n/i18n.ts';

export const ROLES = ['admin', 'tax_official', 'desk_agent', 'expert', 'lecturer'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const roleNames = defineMessages({
  admin: { ko: '관리자', en: 'Administrator' },
  tax_official: { ko: '세무 공무원', en: 'Tax official' },
  desk_agent: { ko: '상담 창구 직원', en: 'Desk agent' },
  expert: { ko: '세무 전문가', en: 'Tax expert' },
  lecturer: { ko: '강사', en: 'Lecturer' },
});
