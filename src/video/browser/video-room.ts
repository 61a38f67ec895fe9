import type { PeerState, ServerFrame } from '../signalling/video.frames.ts';
import { ChatChannel, checkFile, type ReceivedFile } from './data-channel.ts';
import { byId, el, maybeId, newPeerId, readConfig, say, setPressed } from './dom.ts';
import { canChooseSpeaker, LocalMedia, useSpeaker } from './media.ts';
import type { RoomPageConfig, TooEarlyPageConfig, VideoPageConfig, VideoTextKey } from './page-config.ts';
import { PeerSession, type CallState } from './peer.ts';
import { RoomUi } from './room-ui.ts';
import { SignallingClient, type SignallingState } from './signalling-client.ts';

// The video room's page script (GET /r/video/:token for the resident,
// /console/video/:bookingId for the expert), and the "too early" page's,
// which only reloads itself when the room opens. The page is rendered by
// the server (src/video/room-pages/); this script finds its elements by id
// and its words in the #video-config block.

function tooEarly(config: TooEarlyPageConfig): void {
  const wait = Date.parse(config.opensAt) - Date.parse(config.serverNow);
  // The page asks again when the room opens (a little after, for clock differences).
  window.setTimeout(() => location.reload(), Math.max(1000, wait + 1500));
}

function room(config: RoomPageConfig): void {
  const text = config.text;
  const t = (key: VideoTextKey, vars?: Record<string, string | number>) => say(text, key, vars);
  const ui = new RoomUi(config.side, text, config.info);
  const media = new LocalMedia();
  const peerId = newPeerId();
  const remoteVideo = byId<HTMLVideoElement>('vr-remote');
  const localVideo = byId<HTMLVideoElement>('vr-local');
  const chatLog = byId('vr-chat-log');
  const chatForm = byId<HTMLFormElement>('vr-chat-form');
  const chatInput = byId<HTMLInputElement>('vr-chat-input');
  const fileInput = byId<HTMLInputElement>('vr-file-input');
  const fileButton = byId<HTMLButtonElement>('vr-file-send');
  const fileStatus = byId('vr-file-status');
  byId('vr-call').hidden = false;
  byId('vr-noscript-note').hidden = true;

  let peer: PeerSession | null = null;
  let remotePeerId: string | null = null;
  let otherPresent = false;
  let ended = false;
  let ice: Extract<ServerFrame, { type: 'welcome' }>['ice'] | null = null;
  let polite = config.side === 'resident';
  let signallingUp = false;
  let callState: CallState = 'new';

  // ------------------------------------------------------------- chat and files
  const addLine = (who: string, node: Node | string) => {
    const item = el('li', { class: 'vr-chat-item' });
    item.append(el('span', { class: 'vr-chat-who' }, `${who}: `));
    item.append(node);
    chatLog.append(item);
    chatLog.scrollTop = chatLog.scrollHeight;
  };
  const chat = new ChatChannel({
    onChat: (message) => addLine(t('chat_other'), message),
    onFile: (file: ReceivedFile) => {
      const wrap = el('span');
      const link = el('a', { href: file.url, download: file.name }, t('file_download', { name: file.name }));
      wrap.append(link);
      if (file.type.startsWith('image/')) wrap.append(el('img', { src: file.url, alt: file.name, class: 'vr-chat-image' }));
      addLine(t('chat_other'), wrap);
      ui.announce('file_received', { name: file.name });
    },
    onOpenChange: (open) => {
      for (const control of [chatInput, byId<HTMLButtonElement>('vr-chat-send'), fileButton]) control.disabled = !open;
      fileInput.disabled = !open;
      byId('vr-chat-closed').hidden = open;
    },
  });
  chatForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = chatInput.value;
    if (!value.trim()) {
      ui.announce('chat_empty');
      return;
    }
    if (chat.sendChat(value)) {
      addLine(t('chat_you'), value.trim());
      chatInput.value = '';
    } else ui.announce('chat_closed');
  });
  fileButton.addEventListener('click', () => {
    const file = fileInput.files?.[0];
    if (!file) {
      fileInput.focus();
      return;
    }
    const refusal = checkFile(file);
    if (refusal) {
      fileStatus.textContent = t(refusal === 'too_large' ? 'file_too_large' : 'file_wrong_type');
      return;
    }
    fileStatus.textContent = t('file_sending', { name: file.name });
    fileButton.disabled = true;
    chat
      .sendFile(file)
      .then(() => {
        fileStatus.textContent = t('file_sent', { name: file.name });
        addLine(t('chat_you'), t('file_sent', { name: file.name }));
        fileInput.value = '';
      })
      .catch(() => (fileStatus.textContent = t('file_failed')))
      .finally(() => (fileButton.disabled = !chat.open));
  });

  // ------------------------------------------------------------- the call
  const callStateChanged = (state: CallState) => {
    if (state === callState) return;
    callState = state;
    if (!otherPresent || ended) return;
    if (state === 'connected') {
      ui.announce('connected', { name: config.info.otherName });
      ui.showPhone(false);
    } else if (state === 'recovering') ui.announce('call_recovering');
    else if (state === 'failed') {
      ui.announce('call_failed');
      ui.showPhone(true);
    }
  };

  const startPeer = (id: string) => {
    if (!ice) return;
    peer?.close();
    if (peer) media.detach(peer.pc);
    remotePeerId = id;
    callState = 'new';
    // PeerSession reports its first state from its constructor: before `session` is assigned
    let session: PeerSession | null = null;
    session = new PeerSession({
      ice,
      polite,
      signal: (data) => signalling.signal(data),
      onRemoteStream: (stream) => {
        if (remoteVideo.srcObject !== stream) remoteVideo.srcObject = stream;
        void remoteVideo.play().catch(() => undefined);
      },
      onState: (state) => {
        if (session !== null && peer === session) callStateChanged(state);
      },
      beforeAnswer: (pc) => media.applyDirections(pc),
    });
    peer = session;
    chat.use(session.channel);
    media.attach(session.pc);
  };

  // A short drop of either side's socket says "absent" then "present" again
  // while the media goes on: while the call is connected, "absent" is told
  // only if it lasts (the call itself, not the socket, is what the user sees).
  const ABSENCE_GRACE_MS = 5_000;
  let absenceTimer: number | undefined;
  const peerChanged = (state: PeerState) => {
    window.clearTimeout(absenceTimer);
    if (!state.present && peer && callState === 'connected') {
      absenceTimer = window.setTimeout(() => showPresence(state), ABSENCE_GRACE_MS);
      return;
    }
    showPresence(state);
  };
  const showPresence = (state: PeerState) => {
    const was = otherPresent;
    otherPresent = state.present;
    ui.otherPresent(state.present, was);
    if (!state.present || !state.peerId) return;
    // The same page of the other side (its socket came back): the call goes on.
    if (state.peerId === remotePeerId && peer) return;
    startPeer(state.peerId);
  };

  const endRoom = (key: VideoTextKey) => {
    if (ended) return;
    ended = true;
    signalling.stop();
    peer?.close();
    peer = null;
    media.stop();
    ui.stop();
    ui.alert(key);
    byId('vr-call').hidden = true;
    byId('vr-ended').hidden = false;
    if (config.side === 'resident') ui.showPhone(true);
  };

  const onFrame = (frame: ServerFrame) => {
    switch (frame.type) {
      case 'welcome':
        ice = frame.ice;
        polite = frame.polite;
        peer?.pc.setConfiguration({ iceServers: ice.iceServers, iceTransportPolicy: ice.iceTransportPolicy });
        ui.setRoom(frame.room);
        // After a reconnect the server does not know yet who is here (its 'peer' frame follows): keep the call as it is.
        if (frame.peer.present || !peer) peerChanged(frame.peer);
        return;
      case 'peer':
        peerChanged(frame);
        return;
      case 'signal':
        if (remotePeerId === null && frame.from) startPeer(frame.from);
        if (frame.from === remotePeerId) void peer?.receive(frame.data);
        return;
      case 'room':
        ui.setRoom(frame.room);
        return;
      case 'closed':
        endRoom(frame.reason === 'cancelled' ? 'room_cancelled' : frame.reason === 'replaced' ? 'room_replaced' : 'room_closed');
        return;
      case 'error':
        if (frame.code === 'extension_refused' || frame.code === 'extension_limit') ui.announce('extension_refused');
        else if (frame.code === 'too_early') {
          ui.announce('too_early_reload');
          const at = frame.opensAt ? Date.parse(frame.opensAt) - ui.now() : 30_000;
          window.setTimeout(() => location.reload(), Math.max(1000, at + 1500));
        } else if (frame.code === 'room_ended') endRoom('room_closed');
        else if (frame.code === 'booking_cancelled') endRoom('room_cancelled');
        else if (frame.code !== 'rate_limited') ui.announce('error_generic');
        return;
      case 'pong':
        return;
    }
  };

  const onSignallingState = (state: SignallingState, detail?: { code?: number; error?: string }) => {
    if (ended) return;
    if (state === 'open') {
      if (!signallingUp && callState !== 'connected' && !otherPresent) ui.announce('waiting_other', { name: config.info.otherName });
      signallingUp = true;
    } else if (state === 'reconnecting') {
      signallingUp = false;
      // The call itself may well go on: only say so when there is no call.
      if (callState !== 'connected') ui.announce('reconnecting');
    } else if (state === 'connecting') ui.announce('connecting');
    else if (state === 'closed') {
      if (detail?.code === 4409 || detail?.error === 'too_early') return;
      endRoom(detail?.code === 4412 ? 'room_replaced' : detail?.error === 'booking_cancelled' ? 'room_cancelled' : 'room_closed');
    }
  };

  const signalling = new SignallingClient({ path: config.socketPath, room: config.room, peerId, locale: config.locale, onFrame, onState: onSignallingState });

  // ------------------------------------------------------------- controls
  const mute = byId<HTMLButtonElement>('vr-mute');
  const camera = byId<HTMLButtonElement>('vr-camera');
  const audioOnly = byId<HTMLButtonElement>('vr-audio-only');
  mute.addEventListener('click', () => {
    media.setMuted(!media.muted);
    setPressed(mute, media.muted);
    ui.announce(media.muted ? 'mic_off' : 'mic_on');
  });
  camera.addEventListener('click', () => {
    media.setCameraOff(!media.cameraOff);
    setPressed(camera, media.cameraOff);
    ui.announce(media.cameraOff ? 'camera_off' : 'camera_on');
  });
  audioOnly.addEventListener('click', () => {
    media.setAudioOnly(!media.audioOnly);
    setPressed(audioOnly, media.audioOnly);
    byId('vr-videos').classList.toggle('vr-audio-only', media.audioOnly);
    ui.announce(media.audioOnly ? 'audio_only_on' : 'audio_only_off');
  });
  byId<HTMLButtonElement>('vr-leave').addEventListener('click', () => endRoom('left_room'));
  for (const minutes of [5, 10]) {
    maybeId<HTMLButtonElement>(`vr-extend-${minutes}`)?.addEventListener('click', () => {
      if (!signalling.sendNow({ type: 'extend', minutes })) ui.announce('reconnecting');
    });
  }
  maybeId<HTMLButtonElement>('vr-switch-phone')?.addEventListener('click', () => {
    if (!signalling.sendNow({ type: 'switch_to_phone' })) ui.announce('reconnecting');
  });

  // ------------------------------------------------------------- devices
  const cameraSelect = byId<HTMLSelectElement>('vr-camera-select');
  const micSelect = byId<HTMLSelectElement>('vr-mic-select');
  const speakerSelect = byId<HTMLSelectElement>('vr-speaker-select');
  const fill = (select: HTMLSelectElement, devices: MediaDeviceInfo[], current: string) => {
    select.replaceChildren();
    devices.forEach((d, i) => select.append(el('option', { value: d.deviceId }, d.label || `${t('device_default')} ${i + 1}`)));
    if (current) select.value = current;
    select.disabled = devices.length === 0;
  };
  const refreshDevices = async () => {
    const lists = await media.devices();
    fill(cameraSelect, lists.cameras, media.currentDeviceId('video'));
    fill(micSelect, lists.microphones, media.currentDeviceId('audio'));
    if (canChooseSpeaker()) fill(speakerSelect, lists.speakers, '');
    else {
      speakerSelect.disabled = true;
      byId('vr-speaker-note').textContent = t('speaker_unsupported');
    }
  };
  cameraSelect.addEventListener('change', () => void media.useDevice('video', cameraSelect.value).then(refreshDevices).catch(() => ui.announce('media_none')));
  micSelect.addEventListener('change', () => void media.useDevice('audio', micSelect.value).then(refreshDevices).catch(() => ui.announce('media_none')));
  speakerSelect.addEventListener('change', () => void useSpeaker(remoteVideo, speakerSelect.value).catch(() => ui.announce('media_none')));
  navigator.mediaDevices?.addEventListener?.('devicechange', () => void refreshDevices());

  window.addEventListener('pagehide', () => {
    signalling.stop();
    chat.dispose();
  });

  ui.announce('connecting');
  void media.start().then(async () => {
    localVideo.srcObject = media.stream;
    if (media.problem) {
      ui.announce(media.problem === 'denied' ? 'media_denied' : 'media_none');
      byId('vr-media-problem').textContent = t(media.problem === 'denied' ? 'media_denied' : 'media_none');
      byId('vr-media-problem').hidden = false;
    }
    setPressed(mute, false);
    setPressed(camera, false);
    await refreshDevices().catch(() => undefined);
    signalling.start();
  });
}

const config = readConfig<VideoPageConfig>();
if (config.page === 'room') room(config);
else if (config.page === 'too_early') tooEarly(config);
