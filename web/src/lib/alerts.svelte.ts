/**
 * Alerts for the agent when a message arrives while the tab is hidden: a browser
 * notification and a short beep, each switchable and remembered in localStorage.
 * Notification permission is asked only when the agent switches notifications on.
 */
const DESKTOP_KEY = 'ccr.alerts.desktop';
const SOUND_KEY = 'ccr.alerts.sound';

function stored(key: string): boolean {
  try {
    return localStorage.getItem(key) === 'on';
  } catch {
    return false;
  }
}

function store(key: string, on: boolean): void {
  try {
    localStorage.setItem(key, on ? 'on' : 'off');
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

type AudioCtor = typeof AudioContext;

class Alerts {
  desktop = $state(stored(DESKTOP_KEY));
  sound = $state(stored(SOUND_KEY));
  /** Why notifications could not be switched on (unsupported or blocked), for the settings hint. */
  problem = $state('');
  private audio: AudioContext | null = null;

  get supported(): boolean {
    return typeof window !== 'undefined' && 'Notification' in window;
  }

  async setDesktop(on: boolean): Promise<void> {
    this.problem = '';
    if (!on) {
      this.desktop = false;
      store(DESKTOP_KEY, false);
      return;
    }
    if (!this.supported) {
      this.desktop = false;
      this.problem = 'This browser cannot show notifications.';
      return;
    }
    let permission = Notification.permission;
    if (permission === 'default') permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      this.desktop = false;
      store(DESKTOP_KEY, false);
      this.problem = 'Notifications are blocked for this site. Allow them in the browser settings, then switch this on again.';
      return;
    }
    this.desktop = true;
    store(DESKTOP_KEY, true);
  }

  setSound(on: boolean): void {
    this.sound = on;
    store(SOUND_KEY, on);
    // Switching on is a user gesture: the moment to unlock audio for later, hidden-tab beeps.
    if (on) {
      this.unlockAudio();
      this.beep();
    }
  }

  /** Browsers start audio suspended until the user interacts; call from a click or key press. */
  unlockAudio(): void {
    if (!this.sound) return;
    const Ctor = (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioCtor }).webkitAudioContext) as
      AudioCtor | undefined;
    if (!Ctor) return;
    this.audio ??= new Ctor();
    if (this.audio.state === 'suspended') void this.audio.resume().catch(() => undefined);
  }

  /** A short, soft two-tone beep. */
  beep(): void {
    if (!this.sound) return;
    this.unlockAudio();
    const ctx = this.audio;
    if (!ctx) return;
    const t = ctx.currentTime;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.15, t + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.3);
    gain.connect(ctx.destination);
    const osc = ctx.createOscillator();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(880, t);
    osc.frequency.setValueAtTime(1175, t + 0.12);
    osc.connect(gain);
    osc.start(t);
    osc.stop(t + 0.32);
  }

  /** A message arrived: alert only while the tab is hidden (a visible tab shows the badge). */
  messageArrived(title: string, body: string, tag: string, open: () => void): void {
    if (typeof document === 'undefined' || document.visibilityState !== 'hidden') return;
    if (this.sound) this.beep();
    if (this.desktop && this.supported && Notification.permission === 'granted') {
      try {
        const n = new Notification(title, { body: body.length > 140 ? `${body.slice(0, 139)}…` : body, tag });
        n.onclick = () => {
          window.focus();
          open();
          n.close();
        };
      } catch {
        // Some platforms only allow notifications from a service worker; the beep still sounds.
      }
    }
  }
}

export const alerts = new Alerts();
