// The channels a taxpayer can apply for (e-notice enrolment per channel) and
// paper, the channel of last resort. Shared vocabulary: delivery sends on
// them, notices render for them, hygiene and the desk plan messages on them.

export const ELECTRONIC_CHANNELS = ['kakao', 'sms', 'email'] as const;
export type ElectronicChannel = (typeof ELECTRONIC_CHANNELS)[number];
export type Channel = ElectronicChannel | 'paper';
