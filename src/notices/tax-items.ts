// The tax items a roll may carry (see shared/formats/tax-roll.md), with the
// names a person reads; the one list every module uses.
export const TAX_ITEMS = ['property_tax', 'vehicle_tax', 'resident_tax', 'local_income_tax', 'registration_license_tax'] as const;
export type TaxItem = (typeof TAX_ITEMS)[number];

export const TAX_ITEM_NAMES: Record<TaxItem, { ko: string; en: string }> = {
  property_tax: { ko: '재산세', en: 'Property tax' },
  vehicle_tax: { ko: '자동차세', en: 'Vehicle tax' },
  resident_tax: { ko: '주민세', en: 'Resident tax' },
  local_income_tax: { ko: '지방소득세', en: 'Local income tax' },
  registration_license_tax: { ko: '등록면허세', en: 'Registration and license tax' },
};

export function isTaxItem(value: unknown): value is TaxItem {
  return typeof value === 'string' && (TAX_ITEMS as readonly string[]).includes(value);
}
