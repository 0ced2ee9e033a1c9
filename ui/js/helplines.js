// Crisis and support lines, exactly as verified in the project's HELPLINES list. Shown offline, with the date
// the list was last checked. Change these only from a re-verified list, and update CHECKED with it.

export const CHECKED = 'November 2026';

export const LINES = [
  { region: 'United States', name: '988 Suicide & Crisis Lifeline', how: 'Call or text 988; chat at 988lifeline.org', hours: '24/7' },
  { region: 'United States', name: 'Veterans Crisis Line', how: 'Dial 988 then press 1; text 838255', hours: '24/7' },
  {
    region: 'United States',
    name: 'SAMHSA National Helpline',
    detail: 'Treatment referral and information for substance use and mental health. Free and confidential, in English and Spanish.',
    how: 'Call 1-800-662-4357 (1-800-662-HELP)',
    hours: '24/7, 365 days a year',
  },
  { region: 'United States', name: 'Crisis Text Line', how: 'Text HOME to 741741', hours: '24/7' },
  { region: 'Canada', name: '9-8-8 Suicide Crisis Helpline', how: 'Call or text 988', hours: '24/7' },
  { region: 'United Kingdom and Ireland', name: 'Samaritans', how: 'Call 116 123 (free)', hours: '24/7' },
  { region: 'United Kingdom', name: 'Shout', how: 'Text SHOUT to 85258', hours: '24/7' },
  { region: 'England', name: 'NHS 111 (urgent mental health help)', how: 'Call 111 and choose the mental health option', hours: '24/7' },
  { region: 'Australia', name: 'Lifeline', how: 'Call 13 11 14; text 0477 13 11 14', hours: '24/7' },
  { region: 'New Zealand', name: 'Need to talk?', how: 'Call or text 1737', hours: '24/7' },
  { region: 'Anywhere', name: 'Find A Helpline', detail: 'A directory of free helplines by country.', how: 'findahelpline.com', hours: '' },
];

export const EMERGENCY = [
  { number: '911', where: 'United States, Canada' },
  { number: '999', where: 'United Kingdom' },
  { number: '112', where: 'European Union and many other countries' },
  { number: '000', where: 'Australia' },
  { number: '111', where: 'New Zealand' },
];

export const MUTUAL_HELP = [
  { name: 'Alcoholics Anonymous', site: 'aa.org' },
  { name: 'Narcotics Anonymous', site: 'na.org' },
  { name: 'SMART Recovery', site: 'smartrecovery.org' },
  { name: 'Al-Anon / Alateen (for families)', site: 'al-anon.org' },
];
