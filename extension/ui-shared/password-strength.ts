/** A rough password strength hint: length and character variety, in words. */
export interface StrengthHint {
  level: 0 | 1 | 2 | 3;
  text: string;
}

export function passwordStrength(password: string): StrengthHint {
  if (password.length === 0)
    return { level: 0, text: "Use at least 12 characters; a few unrelated words work well." };
  let classes = 0;
  for (const re of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) if (re.test(password)) classes++;
  const score =
    password.length + classes * 2 + (new Set(password).size > password.length / 2 ? 2 : 0);
  if (password.length < 8 || score < 14)
    return { level: 1, text: "Weak: anyone who copies your browser profile could guess it." };
  if (password.length < 12 || score < 20) return { level: 2, text: "Fair: longer is better." };
  return { level: 3, text: "Strong." };
}
