import type { SettingsSection } from '../platform/district-settings/district-settings.section.ts';
import { districtProfileSection } from '../platform/district-settings/district-profile.section.ts';
import { signInSecuritySection } from '../platform/district-settings/sign-in.section.ts';
import { deliverySettingsSection } from '../delivery/settings/delivery-settings.section.ts';
import { deskHoursSection } from '../desk/business-hours/desk-hours.section.ts';
import { paymentSettingsSection } from '../notices/payment-page/payment-settings.section.ts';

// The sections of the console's district settings page (/console/settings),
// in this order. Each domain owns its settings table, its section's form and
// its validation; the page (platform/district-settings) only lays them out,
// posts each form back to its section and announces a saved change to every
// process. A domain with settings of its own adds its section here.

export const districtSettingsSections: readonly SettingsSection[] = [
  districtProfileSection, // platform: names, office phone, logo
  deliverySettingsSection, // delivery: channels, quiet hours, senders, postage, receipt deadline, reminders, retention of contents
  paymentSettingsSection, // notices: the bank of the virtual accounts the payment page names
  deskHoursSection, // desk: weekly hours, closed days, out-of-hours message, retention of conversations
  signInSecuritySection, // platform: two-step verification required of administrators
];
