// The tax items a roll may carry (see shared/formats/tax-roll.md).
export const TAX_ITEMS = ['property_tax', 'vehicle_tax', 'resident_tax', 'local_income_tax', 'registration_license_tax'] as const;
export type TaxItem = (typeof TAX_ITEMS)[number];
