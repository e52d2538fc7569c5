const numerals: ReadonlyArray<readonly [number, string]> = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
  [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];

/** Upper-case Roman numeral of a positive whole number below 4000: 1 → I, 14 → XIV. */
export function toRoman(value: number): string {
  if (!Number.isInteger(value) || value < 1 || value >= 4000) {
    throw new RangeError(`toRoman takes a whole number from 1 to 3999, got ${value}`);
  }
  let rest = value;
  let result = '';
  for (const [amount, letters] of numerals) {
    while (rest >= amount) {
      result += letters;
      rest -= amount;
    }
  }
  return result;
}

/** Matches a heading that starts with numbering typed by hand: "I. …", "IV) …", "3. …". */
export const typedNumberingPattern = /^\s*(?:[IVXLCDM]+|\d+)[.)]\s+\S/;
