import { formatTime } from '../../platform/web/browser/dates.ts';
import type { RoomInfo, Side } from '../signalling/video.frames.ts';
import { byId, maybeId, say } from './dom.ts';
import type { VideoText, VideoTextKey } from './page-config.ts';

// What the room shows around the call: the time left (by the server's
// clock: serverNow corrects this computer's), the warning two minutes
// before the end (role=alert), whether the other side is there, and the
// expert's buttons to extend and to switch to a phone call. Status changes
// go to one polite live region (#vr-status); the same words stay visible.

export const WARNING_MS = 2 * 60_000;
const EXTEND_STEPS = [5, 10] as const;

export class RoomUi {
  private info: RoomInfo;
  /** server time minus this computer's time */
  private offsetMs = 0;
  private warned = false;
  private timer: number | undefined;
  private lastStatus = '';
  private readonly status = byId('vr-status');
  private readonly alertBox = byId('vr-alert');
  private readonly timeLeft = byId('vr-time');
  private readonly waiting = byId('vr-waiting');

  constructor(
    private readonly side: Side,
    private readonly text: VideoText,
    info: RoomInfo,
  ) {
    this.info = info;
    this.setRoom(info);
    this.timer = window.setInterval(() => this.tick(), 1000);
  }

  /** The server's idea of now. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  setRoom(info: RoomInfo): void {
    const extended = info.extendedMinutes > this.info.extendedMinutes;
    const toPhone = info.mode === 'phone' && this.info.mode !== 'phone';
    this.info = info;
    this.offsetMs = Date.parse(info.serverNow) - Date.now();
    if (Date.parse(info.endsAt) - this.now() > WARNING_MS) {
      this.warned = false;
      if (extended) this.alertBox.textContent = '';
    }
    if (extended) this.announce('extended', { minutes: info.extendedMinutes, end: this.clock(info.endsAt) });
    this.showExpertControls();
    if (toPhone) this.phoneMode();
    else if (info.mode === 'phone') this.showPhone(true);
    this.tick();
  }

  /** Says it in the live region (and keeps it visible there). */
  announce(key: VideoTextKey, vars: Record<string, string | number> = {}): void {
    const message = say(this.text, key, vars);
    if (message === this.lastStatus) return;
    this.lastStatus = message;
    this.status.textContent = message;
  }

  /** An urgent message (role=alert): the two-minute warning, the end of the room. */
  alert(key: VideoTextKey, vars: Record<string, string | number> = {}): void {
    this.alertBox.textContent = say(this.text, key, vars);
    this.alertBox.hidden = false;
  }

  otherPresent(present: boolean, wasPresent: boolean): void {
    this.waiting.hidden = present;
    if (present && !wasPresent) this.announce('other_arrived', { name: this.info.otherName });
    else if (!present && wasPresent) this.announce('other_left', { name: this.info.otherName });
    else if (!present) this.announce('waiting_other', { name: this.info.otherName });
  }

  /** The resident is shown how to reach the office (the call failed, or the expert switched to phone). */
  showPhone(show: boolean): void {
    const phone = maybeId('vr-phone');
    if (phone && this.side === 'resident') phone.hidden = !show;
  }

  stop(): void {
    window.clearInterval(this.timer);
  }

  private phoneMode(): void {
    if (this.side === 'expert') {
      this.announce('switched_to_phone_expert', { contact: this.info.residentContact ?? '' });
      const contact = maybeId('vr-resident-contact');
      if (contact) contact.hidden = false;
    } else {
      this.announce('switched_to_phone_resident', { phone: this.info.officePhone ?? '' });
      this.showPhone(true);
    }
  }

  private showExpertControls(): void {
    if (this.side !== 'expert') return;
    for (const minutes of EXTEND_STEPS) {
      const button = maybeId<HTMLButtonElement>(`vr-extend-${minutes}`);
      if (button) button.hidden = this.info.extendableMinutes < minutes || this.info.mode === 'phone';
    }
    const extendGroup = maybeId('vr-extend');
    if (extendGroup) extendGroup.hidden = this.info.extendableMinutes < EXTEND_STEPS[0] || this.info.mode === 'phone';
    const phone = maybeId<HTMLButtonElement>('vr-switch-phone');
    if (phone) phone.hidden = this.info.mode === 'phone';
  }

  /** The time in Seoul as the server's pages write it (platform/web/browser/dates.ts, shared with them). */
  private clock(iso: string): string {
    return formatTime(new Date(iso));
  }

  private tick(): void {
    const left = Date.parse(this.info.endsAt) - this.now();
    const minutes = Math.ceil(Math.max(0, left) / 60_000);
    const shown = left < 60_000 ? say(this.text, 'time_left_under_minute') : say(this.text, 'time_left', { minutes, end: this.clock(this.info.endsAt) });
    if (this.timeLeft.textContent !== shown) this.timeLeft.textContent = shown;
    if (!this.warned && left > 0 && left <= WARNING_MS) {
      this.warned = true;
      this.alert('two_minute_warning', { end: this.clock(this.info.endsAt) });
    }
  }
}
