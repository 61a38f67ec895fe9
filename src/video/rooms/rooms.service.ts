import type { StaffPrincipal } from '../../platform/auth/staff.ts';
import { findDistrict } from '../../platform/districts/districts.repository.ts';
import type { Locale } from '../../platform/i18n/i18n.ts';
import { extendMeeting, MAX_EXTENSION_MINUTES, meetingById, meetingByToken, switchMeetingToPhone, type Meeting } from '../../consultations/booking/meeting.service.ts';
import type { IceConfig, RoomInfo, Side } from '../signalling/video.frames.ts';
import type { VideoDeps } from '../video.deps.ts';
import { videoError } from '../video.messages.ts';
import { iceConfigFor } from './ice.ts';
import { openBeforeMinutes, saveOpenBeforeMinutes } from './rooms.repository.ts';

// A room is a video reservation seen from one side. Who may enter:
//   - the resident, by the personal link's token;
//   - the reservation's expert, signed in (an official, or another expert,
//     is refused even in the same district: the call is private).
// When: from opensAt (open_before_minutes before the slot) until endsAt
// (the slot's end plus the expert's extension); a cancelled, no-show or
// released booking has no room.

export type RoomAccess = 'open' | 'too_early' | 'ended' | 'cancelled';

export interface RoomEntry {
  bookingId: number;
  districtCode: string;
  side: Side;
  access: RoomAccess;
  room: RoomInfo;
}

const ENTERABLE_STATES = new Set(['booked', 'moved', 'attended']);

function accessOf(meeting: Meeting, opensAt: Date, endsAt: Date, now: Date): RoomAccess {
  if (!ENTERABLE_STATES.has(meeting.state)) return 'cancelled';
  if (now < opensAt) return 'too_early';
  if (now >= endsAt) return 'ended';
  return 'open';
}

async function entryOf(deps: VideoDeps, meeting: Meeting, side: Side, locale: Locale): Promise<RoomEntry> {
  const now = deps.clock();
  const [openBefore, district] = await Promise.all([openBeforeMinutes(deps.db, meeting.districtCode), findDistrict(deps.db, meeting.districtCode)]);
  const opensAt = new Date(meeting.slotStart.getTime() - openBefore * 60_000);
  const endsAt = new Date(meeting.slotEnd.getTime() + meeting.extendedMinutes * 60_000);
  const room: RoomInfo = {
    reference: meeting.reference,
    fieldName: meeting.fieldName[locale],
    otherName: side === 'resident' ? meeting.expert.name : meeting.residentName,
    slotStart: meeting.slotStart.toISOString(),
    slotEnd: meeting.slotEnd.toISOString(),
    opensAt: opensAt.toISOString(),
    endsAt: endsAt.toISOString(),
    serverNow: now.toISOString(),
    extendedMinutes: meeting.extendedMinutes,
    extendableMinutes: MAX_EXTENSION_MINUTES - meeting.extendedMinutes,
    mode: meeting.switchedToPhoneAt ? 'phone' : 'video',
    officePhone: district?.officePhone ?? null,
    ...(side === 'expert' ? { residentContact: meeting.residentContactMasked } : {}),
  };
  return { bookingId: meeting.bookingId, districtCode: meeting.districtCode, side, access: accessOf(meeting, opensAt, endsAt, now), room };
}

/** The room behind a resident's personal link (404 room_not_found for an unknown link or an in-person booking). */
export async function residentRoom(deps: VideoDeps, token: string, locale: Locale): Promise<RoomEntry> {
  const meeting = await meetingByToken(deps.consultations, token);
  if (!meeting || meeting.mode !== 'video') throw videoError(404, 'room_not_found');
  return entryOf(deps, meeting, 'resident', locale);
}

/** The room of a booking for a signed-in staff member: only the booking's own expert (403 not_your_room otherwise). */
export async function expertRoom(deps: VideoDeps, staff: StaffPrincipal, bookingId: number, locale: Locale): Promise<RoomEntry> {
  const meeting = await meetingById(deps.consultations, staff.districtCode, bookingId);
  if (!meeting || meeting.mode !== 'video') throw videoError(404, 'room_not_found');
  if (staff.role !== 'expert' || meeting.expert.staffId !== staff.id) throw videoError(403, 'not_your_room');
  return entryOf(deps, meeting, 'expert', locale);
}

/** The room as the other side sees it, after a change (both sides get a room frame in their own words). */
export async function roomFor(deps: VideoDeps, entry: Pick<RoomEntry, 'bookingId' | 'districtCode'>, side: Side, locale: Locale): Promise<RoomEntry> {
  const meeting = await meetingById(deps.consultations, entry.districtCode, entry.bookingId);
  if (!meeting) throw videoError(404, 'room_not_found');
  return entryOf(deps, meeting, side, locale);
}

/** The browsers' ICE servers for one side of a room; TURN credentials last until the room ends (plus a grace). */
export function iceFor(deps: VideoDeps, entry: RoomEntry): IceConfig {
  return iceConfigFor(deps.ice, { label: `room${entry.bookingId}${entry.side === 'expert' ? 'e' : 'r'}`, validUntil: new Date(entry.room.endsAt) });
}

export async function extendRoom(deps: VideoDeps, staff: StaffPrincipal, bookingId: number, minutes: number): Promise<void> {
  if (staff.role !== 'expert') throw videoError(403, 'experts_only');
  await extendMeeting(deps.consultations, { staffId: staff.id, districtCode: staff.districtCode, role: 'expert' }, bookingId, minutes);
}

export async function switchRoomToPhone(deps: VideoDeps, staff: StaffPrincipal, bookingId: number): Promise<void> {
  if (staff.role !== 'expert') throw videoError(403, 'experts_only');
  await switchMeetingToPhone(deps.consultations, { staffId: staff.id, districtCode: staff.districtCode, role: 'expert' }, bookingId);
}

export interface VideoSettings {
  openBeforeMinutes: number;
}

export async function videoSettings(deps: VideoDeps, districtCode: string): Promise<VideoSettings> {
  return { openBeforeMinutes: await openBeforeMinutes(deps.db, districtCode) };
}

export async function saveVideoSettings(deps: VideoDeps, districtCode: string, settings: VideoSettings): Promise<VideoSettings> {
  await saveOpenBeforeMinutes(deps.db, districtCode, settings.openBeforeMinutes, deps.clock());
  return videoSettings(deps, districtCode);
}
