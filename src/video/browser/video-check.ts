import { byId, el, readConfig, say } from './dom.ts';
import { canChooseSpeaker, LocalMedia } from './media.ts';
import type { CheckPageConfig, VideoTextKey } from './page-config.ts';

// The pre-call check (GET /r/video/check): camera preview, a microphone
// level meter, a test tone on the chosen speaker, and a connection check
// that gathers ICE candidates with the servers a call would use and says
// whether the relay answered. Nothing leaves this device except the STUN and
// TURN requests of the connection check.

const config = readConfig<CheckPageConfig>();
const t = (key: VideoTextKey, vars?: Record<string, string | number>) => say(config.text, key, vars);
const status = byId('vc-status');
const tell = (node: HTMLElement, key: VideoTextKey) => {
  node.textContent = t(key);
  status.textContent = t(key);
};

byId('vr-noscript-note').hidden = true;
byId('vc-check').hidden = false;

const media = new LocalMedia();
const preview = byId<HTMLVideoElement>('vc-preview');
const level = byId<HTMLMeterElement>('vc-level');
let meterTimer: number | undefined;
let audio: AudioContext | null = null;

function fill(select: HTMLSelectElement, devices: MediaDeviceInfo[], current: string): void {
  select.replaceChildren();
  devices.forEach((d, i) => select.append(el('option', { value: d.deviceId }, d.label || `${t('device_default')} ${i + 1}`)));
  if (current) select.value = current;
  select.disabled = devices.length === 0;
}

async function refreshDevices(): Promise<void> {
  const lists = await media.devices();
  fill(byId<HTMLSelectElement>('vc-camera-select'), lists.cameras, media.currentDeviceId('video'));
  fill(byId<HTMLSelectElement>('vc-mic-select'), lists.microphones, media.currentDeviceId('audio'));
  const speakers = byId<HTMLSelectElement>('vc-speaker-select');
  if (canChooseSpeaker()) fill(speakers, lists.speakers, '');
  else byId('vc-speaker-note').textContent = t('speaker_unsupported');
}

/** The microphone's loudness, 0–100, on the meter (and as its text, for those who cannot see it). */
function meter(): void {
  window.clearInterval(meterTimer);
  const track = media.audioTrack;
  if (!track) return;
  audio ??= new AudioContext();
  const analyser = audio.createAnalyser();
  analyser.fftSize = 512;
  audio.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const data = new Uint8Array(analyser.fftSize);
  meterTimer = window.setInterval(() => {
    analyser.getByteTimeDomainData(data);
    let peak = 0;
    for (const v of data) peak = Math.max(peak, Math.abs(v - 128));
    const value = Math.min(100, Math.round((peak / 128) * 100 * 2));
    level.value = value;
    level.textContent = String(value);
  }, 100);
}

async function start(): Promise<void> {
  await media.start();
  preview.srcObject = media.stream;
  const cameraResult = byId('vc-camera-result');
  const micResult = byId('vc-mic-result');
  if (media.videoTrack) tell(cameraResult, 'check_camera_ok');
  else tell(cameraResult, media.problem === 'denied' ? 'media_denied' : 'check_camera_failed');
  if (media.audioTrack) {
    micResult.textContent = t('check_mic_level');
    meter();
  } else micResult.textContent = t(media.problem === 'denied' ? 'media_denied' : 'check_mic_failed');
  await refreshDevices().catch(() => undefined);
}

byId<HTMLButtonElement>('vc-start').addEventListener('click', () => void start());
byId<HTMLSelectElement>('vc-camera-select').addEventListener('change', (event) =>
  void media.useDevice('video', (event.target as HTMLSelectElement).value).then(() => (preview.srcObject = media.stream)),
);
byId<HTMLSelectElement>('vc-mic-select').addEventListener('change', (event) => void media.useDevice('audio', (event.target as HTMLSelectElement).value).then(meter));

byId<HTMLButtonElement>('vc-tone').addEventListener('click', () => {
  const result = byId('vc-tone-result');
  audio ??= new AudioContext();
  const ctx = audio;
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.frequency.value = 440;
  gain.gain.value = 0.2;
  oscillator.connect(gain);
  // On the chosen speaker where the browser can choose it (an <audio> element with setSinkId), else the default.
  const speaker = byId<HTMLSelectElement>('vc-speaker-select').value;
  const sink = canChooseSpeaker() && speaker ? new Audio() : null;
  if (sink) {
    const out = ctx.createMediaStreamDestination();
    gain.connect(out);
    sink.srcObject = out.stream;
    void sink.setSinkId(speaker).then(() => sink.play()).catch(() => undefined);
  } else gain.connect(ctx.destination);
  tell(result, 'check_tone_playing');
  oscillator.start();
  oscillator.stop(ctx.currentTime + 1.5);
  oscillator.onended = () => {
    sink?.pause();
    tell(result, 'check_tone_done');
  };
});

/** Gathers candidates with the call's ICE servers: a relay candidate means calls work even where direct paths are blocked. */
async function checkConnection(): Promise<VideoTextKey> {
  if (typeof RTCPeerConnection === 'undefined') return 'check_conn_unavailable';
  const pc = new RTCPeerConnection({ iceServers: config.ice?.iceServers ?? [] });
  const types = new Set<string>();
  pc.onicecandidate = ({ candidate }) => {
    if (candidate?.type) types.add(candidate.type);
  };
  pc.createDataChannel('check');
  await pc.setLocalDescription();
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    pc.onicegatheringstatechange = () => (pc.iceGatheringState === 'complete' ? done() : undefined);
    window.setTimeout(done, 8000);
  });
  pc.close();
  if (types.has('relay')) return 'check_conn_relay';
  if (types.size > 0) return 'check_conn_direct';
  return 'check_conn_failed';
}

byId<HTMLButtonElement>('vc-conn').addEventListener('click', () => {
  const result = byId('vc-conn-result');
  tell(result, 'check_conn_running');
  void checkConnection()
    .catch((): VideoTextKey => 'check_conn_failed')
    .then((key) => tell(result, key));
});

window.addEventListener('pagehide', () => {
  window.clearInterval(meterTimer);
  media.stop();
  void audio?.close();
});
