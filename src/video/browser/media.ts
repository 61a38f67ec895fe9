// The local camera and microphone: one MediaStream for the life of the page
// (its tracks are swapped when the user picks another device, and the new
// track goes to the call with replaceTrack, without renegotiation), mute,
// camera off, and the audio-only mode for weak connections: the video
// transceivers go 'inactive', so this side stops sending video AND tells
// the other side not to send any (the answer can only narrow the direction).

export type MediaProblem = 'denied' | 'none' | null;

export interface DeviceLists {
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
  speakers: MediaDeviceInfo[];
}

const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 24, max: 30 } };

export class LocalMedia {
  readonly stream = new MediaStream();
  muted = false;
  cameraOff = false;
  audioOnly = false;
  problem: MediaProblem = null;
  private pcs = new Set<RTCPeerConnection>();

  /** Asks for camera and microphone; without a camera, the microphone alone; without both, nothing (the call still receives). */
  async start(): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) {
      this.problem = 'none';
      return;
    }
    const attempts: MediaStreamConstraints[] = [{ audio: true, video: VIDEO_CONSTRAINTS }, { audio: true }, { video: VIDEO_CONSTRAINTS }];
    for (const constraints of attempts) {
      try {
        const got = await navigator.mediaDevices.getUserMedia(constraints);
        for (const track of got.getTracks()) this.stream.addTrack(track);
        this.problem = null;
        return;
      } catch (error) {
        const name = (error as DOMException).name;
        if (name === 'NotAllowedError' || name === 'SecurityError') {
          this.problem = 'denied';
          return;
        }
        this.problem = 'none';
      }
    }
  }

  get audioTrack(): MediaStreamTrack | undefined {
    return this.stream.getAudioTracks()[0];
  }

  get videoTrack(): MediaStreamTrack | undefined {
    return this.stream.getVideoTracks()[0];
  }

  /** A new call: send the current tracks on it, in the current mode. */
  attach(pc: RTCPeerConnection): void {
    this.pcs.add(pc);
    for (const track of this.stream.getTracks()) pc.addTrack(track, this.stream);
    this.applyDirections(pc);
  }

  detach(pc: RTCPeerConnection): void {
    this.pcs.delete(pc);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
    const track = this.audioTrack;
    if (track) track.enabled = !muted;
  }

  setCameraOff(off: boolean): void {
    this.cameraOff = off;
    const track = this.videoTrack;
    if (track) track.enabled = !off && !this.audioOnly;
  }

  setAudioOnly(on: boolean): void {
    this.audioOnly = on;
    const track = this.videoTrack;
    if (track) track.enabled = !on && !this.cameraOff;
    for (const pc of this.pcs) this.applyDirections(pc);
  }

  /**
   * Video transceivers inactive in audio-only mode; otherwise sending what
   * this side has and receiving. A change of direction renegotiates.
   */
  applyDirections(pc: RTCPeerConnection): void {
    if (pc.signalingState === 'closed') return;
    for (const transceiver of pc.getTransceivers()) {
      if (transceiver.currentDirection === 'stopped' || transceiver.receiver.track.kind !== 'video') continue;
      const wanted: RTCRtpTransceiverDirection = this.audioOnly ? 'inactive' : transceiver.sender.track ? 'sendrecv' : 'recvonly';
      if (transceiver.direction !== wanted) transceiver.direction = wanted;
    }
  }

  /** Switches to another camera or microphone: the new track replaces the old one on every call, without renegotiation. */
  async useDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const constraints: MediaStreamConstraints =
      kind === 'audio' ? { audio: deviceId ? { deviceId: { exact: deviceId } } : true } : { video: { ...VIDEO_CONSTRAINTS, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } };
    const got = await navigator.mediaDevices.getUserMedia(constraints);
    const next = kind === 'audio' ? got.getAudioTracks()[0] : got.getVideoTracks()[0];
    if (!next) return;
    const old = kind === 'audio' ? this.audioTrack : this.videoTrack;
    next.enabled = kind === 'audio' ? !this.muted : !this.cameraOff && !this.audioOnly;
    for (const pc of this.pcs) {
      const sender = old ? pc.getSenders().find((s) => s.track === old) : undefined;
      if (sender) await sender.replaceTrack(next);
      else {
        pc.addTrack(next, this.stream); // this side had no such device before: renegotiates
        this.applyDirections(pc); // in audio-only mode the new video stays off
      }
    }
    if (old) {
      this.stream.removeTrack(old);
      old.stop();
    }
    this.stream.addTrack(next);
  }

  async devices(): Promise<DeviceLists> {
    const all = navigator.mediaDevices?.enumerateDevices ? await navigator.mediaDevices.enumerateDevices() : [];
    return {
      cameras: all.filter((d) => d.kind === 'videoinput'),
      microphones: all.filter((d) => d.kind === 'audioinput'),
      speakers: all.filter((d) => d.kind === 'audiooutput'),
    };
  }

  /** The device a track comes from, to show it selected. */
  currentDeviceId(kind: 'audio' | 'video'): string {
    const track = kind === 'audio' ? this.audioTrack : this.videoTrack;
    return track?.getSettings().deviceId ?? '';
  }

  stop(): void {
    for (const track of this.stream.getTracks()) track.stop();
  }
}

/** Whether the browser can choose where sound plays (setSinkId; not in every browser). */
export const canChooseSpeaker = (): boolean => typeof (HTMLMediaElement.prototype as { setSinkId?: unknown }).setSinkId === 'function';

/** Plays the call's sound on this output device. */
export async function useSpeaker(media: HTMLMediaElement, deviceId: string): Promise<void> {
  if (canChooseSpeaker()) await media.setSinkId(deviceId);
}
