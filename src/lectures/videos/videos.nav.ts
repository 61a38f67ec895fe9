import type { ConsoleNavItem, ResidentService } from '../../platform/web/web-shell.ts';
import { videosMessages } from './videos.messages.ts';
import { LECTURES_PATH } from './videos.resident.view.ts';

// The lecture videos' entry in the staff menu and the lecture room on the start page (listed in src/app/web-shell.ts).

export const lecturesNav: ConsoleNavItem = { href: '/console/lectures', label: { ko: '강의 영상', en: 'Lecture videos' }, roles: ['admin', 'tax_official', 'lecturer'] };

export const lecturesService: ResidentService = {
  href: LECTURES_PATH,
  title: videosMessages.both('resident_title'),
  description: videosMessages.both('service_description'),
};
