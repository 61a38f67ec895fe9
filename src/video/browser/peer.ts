import type { IceConfig, SignalData } from '../signalling/video.frames.ts';

// One RTCPeerConnection to one page of the other side, negotiated with the
// perfect-negotiation pattern (MDN, "Establishing a connection: the WebRTC
// perfect negotiation pattern"): either side may offer at any time; on a
// collision the impolite side (the expert) ignores the other's offer and the
// polite side (the resident) rolls its own back.
//
// At the start only the impolite side offers: the polite side holds its own
// negotiation until the first offer came and was answered (its tracks ride
// in that answer). Both offering at once is what the pattern resolves, but
// Chrome can lose the polite side's ICE candidates in the rollback, leaving a
// call that never connects.
//
// Recovery: when ICE fails, or stays disconnected for more than 3 s, or the
// browser says it is online again (a network change), the connection
// restarts ICE (restartIce() fires negotiationneeded, and the usual
// negotiation runs over the signalling socket). A reloaded page of the other
// side is another peer: the caller closes this one and starts a new one.

export type CallState = 'new' | 'connecting' | 'connected' | 'recovering' | 'failed' | 'closed';

export interface PeerOptions {
  ice: IceConfig;
  polite: boolean;
  /** hands a description or candidate to the signalling socket */
  signal(data: SignalData): void;
  onRemoteStream(stream: MediaStream): void;
  onState(state: CallState): void;
  /** runs after an offer was applied and before the answer is made (transceivers the offer created get their direction here) */
  beforeAnswer?(pc: RTCPeerConnection): void;
}

const DISCONNECTED_GRACE_MS = 3_000;
/** A call not connected this long after it started (a lost candidate, a stuck path): the impolite side restarts ICE. */
const STUCK_MS = 8_000;
/** How long ICE may stay failed after restarts before the call counts as failed for the user. */
const FAILED_AFTER_MS = 20_000;

export class PeerSession {
  readonly pc: RTCPeerConnection;
  /** the chat and file channel, negotiated (id 0) so both sides make it without waiting for the other */
  readonly channel: RTCDataChannel;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswerPending = false;
  private disconnectedTimer: number | undefined;
  private failedTimer: number | undefined;
  private closed = false;
  /** the polite side: no offer of its own before it answered the first one */
  private awaitingFirstOffer: boolean;
  private stuckTimer: number | undefined;
  private readonly onOnline = () => this.restartIce();

  constructor(private readonly options: PeerOptions) {
    this.awaitingFirstOffer = options.polite;
    this.pc = new RTCPeerConnection({ iceServers: options.ice.iceServers, iceTransportPolicy: options.ice.iceTransportPolicy });
    this.channel = this.pc.createDataChannel('room', { negotiated: true, id: 0, ordered: true });
    this.channel.binaryType = 'arraybuffer';
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) =>
      options.signal({
        candidate: candidate ? { candidate: candidate.candidate, sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex, usernameFragment: candidate.usernameFragment } : null,
      });
    this.pc.ontrack = (event) => {
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      options.onRemoteStream(stream);
    };
    this.pc.oniceconnectionstatechange = () => this.iceStateChanged();
    window.addEventListener('online', this.onOnline);
    options.onState('connecting');
    this.watchForStuck();
  }

  /** Until the call connects, the impolite side restarts ICE every STUCK_MS (the polite side would only collide with it). */
  private watchForStuck(): void {
    window.clearTimeout(this.stuckTimer);
    this.stuckTimer = window.setTimeout(() => {
      const state = this.pc.iceConnectionState;
      if (this.closed || state === 'connected' || state === 'completed') return;
      if (!this.options.polite) this.restartIce();
      this.watchForStuck();
    }, STUCK_MS);
  }

  /** Sends these tracks (before or after the call connected). */
  addTracks(stream: MediaStream): void {
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
  }

  /** A description or candidate from the other side. */
  async receive(data: SignalData): Promise<void> {
    if (this.closed) return;
    const pc = this.pc;
    try {
      if ('description' in data) {
        const description = data.description as RTCSessionDescriptionInit;
        // An offer is "ready" unless this side is offering itself, or is
        // applying the other side's answer right now.
        const readyForOffer = !this.makingOffer && (pc.signalingState === 'stable' || this.settingRemoteAnswerPending);
        const offerCollision = description.type === 'offer' && !readyForOffer;
        this.ignoreOffer = !this.options.polite && offerCollision;
        if (this.ignoreOffer) return;
        this.settingRemoteAnswerPending = description.type === 'answer';
        await pc.setRemoteDescription(description); // rolls back our own offer on a collision (polite side)
        this.settingRemoteAnswerPending = false;
        if (description.type === 'offer') {
          this.options.beforeAnswer?.(pc);
          await pc.setLocalDescription();
          const local = pc.localDescription;
          if (local) this.options.signal({ description: { type: local.type, sdp: local.sdp } });
          // Back to stable: the browser asks again (negotiationneeded) if this side still has something to offer.
          this.awaitingFirstOffer = false;
        }
      } else if ('candidate' in data) {
        try {
          await pc.addIceCandidate(data.candidate ?? undefined);
        } catch (error) {
          if (!this.ignoreOffer) throw error; // candidates of an offer we ignored do not matter
        }
      }
    } catch (error) {
      console.warn('video: negotiation step failed', error);
    }
  }

  /** Restarts ICE (a network change, or ICE failed). Safe to call at any time. */
  restartIce(): void {
    if (this.closed || this.pc.connectionState === 'closed') return;
    try {
      this.pc.restartIce();
    } catch (error) {
      console.warn('video: ICE restart failed', error);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    window.clearTimeout(this.disconnectedTimer);
    window.clearTimeout(this.failedTimer);
    window.clearTimeout(this.stuckTimer);
    window.removeEventListener('online', this.onOnline);
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = this.pc.oniceconnectionstatechange = null;
    try {
      this.channel.close();
    } catch {
      /* closing */
    }
    this.pc.close();
    this.options.onState('closed');
  }

  private async negotiate(): Promise<void> {
    if (this.awaitingFirstOffer) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      const local = this.pc.localDescription;
      if (local) this.options.signal({ description: { type: local.type, sdp: local.sdp } });
    } catch (error) {
      console.warn('video: offer failed', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private iceStateChanged(): void {
    const state = this.pc.iceConnectionState;
    window.clearTimeout(this.disconnectedTimer);
    if (state === 'connected' || state === 'completed') {
      window.clearTimeout(this.failedTimer);
      this.failedTimer = undefined;
      this.options.onState('connected');
    } else if (state === 'disconnected') {
      this.options.onState('recovering');
      this.disconnectedTimer = window.setTimeout(() => this.restartIce(), DISCONNECTED_GRACE_MS);
      this.armFailed();
    } else if (state === 'failed') {
      this.options.onState('recovering');
      this.restartIce();
      this.armFailed();
    } else if (state === 'checking' || state === 'new') {
      if (this.failedTimer === undefined) this.options.onState('connecting');
    }
  }

  /** The user hears it when recovery takes long (the resident is then shown the office phone). */
  private armFailed(): void {
    if (this.failedTimer !== undefined) return;
    this.failedTimer = window.setTimeout(() => {
      const s = this.pc.iceConnectionState;
      if (s !== 'connected' && s !== 'completed') this.options.onState('failed');
    }, FAILED_AFTER_MS);
  }
}
