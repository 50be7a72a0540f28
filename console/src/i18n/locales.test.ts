import { describe, expect, it } from "vitest";
import { resources } from "./index";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [prefix + key] : keys(value, `${prefix}${key}.`)));
}

function placeholders(tree: Tree): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (node: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string") out[prefix + key] = [...value.matchAll(/{{(\w+)}}/g)].map((m) => m[1] ?? "").sort();
      else walk(value, `${prefix}${key}.`);
    }
  };
  walk(tree, "");
  return out;
}

describe("translations", () => {
  const english = resources.en.translation as Tree;

  it.each(["vi", "zh"] as const)("%s has every English string, and no other", (code) => {
    expect(keys(resources[code].translation as Tree).sort()).toEqual(keys(english).sort());
  });

  it.each(["vi", "zh"] as const)("%s keeps the placeholders of each English string", (code) => {
    expect(placeholders(resources[code].translation as Tree)).toEqual(placeholders(english));
  });

  it.each(["vi", "zh"] as const)("%s leaves no string empty", (code) => {
    const translated = resources[code].translation as Tree;
    const values = keys(translated).map((key) => key.split(".").reduce<Tree | string>((node, part) => (node as Tree)[part] ?? "", translated));
    expect(values.filter((value) => value === "")).toEqual([]);
  });
});
