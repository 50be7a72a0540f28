export interface CheckItem {
  value: string;
  label: string;
}

/** A group of checkboxes named by its legend (role group), each named by its label. */
export function Checklist({ legend, items, chosen, onChange }: { legend: string; items: readonly CheckItem[]; chosen: readonly string[]; onChange: (chosen: string[]) => void }) {
  const toggle = (value: string, on: boolean) => onChange(on ? [...chosen, value] : chosen.filter((v) => v !== value));
  return (
    <fieldset>
      <legend>{legend}</legend>
      {items.map((item) => (
        <label key={item.value}>
          <input type="checkbox" checked={chosen.includes(item.value)} onChange={(e) => toggle(item.value, e.target.checked)} /> {item.label}
        </label>
      ))}
    </fieldset>
  );
}
