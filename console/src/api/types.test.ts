import { describe, expect, it } from "vitest";
import { orderOf } from "./types";

describe("orderOf", () => {
  it("reads the order id and the items the contract names, and skips what is not an item", () => {
    // Given an order as a marketplace sent it, with an extra field and one malformed item
    const order = { id: "o-77", created_at: "2026-11-01T00:00:00Z", extra: 1, items: [{ item_id: "i-1", name: "Shirt", price: 12.5 }, { name: "no id" }] };
    // Then the console sees the id, the date and the one well-formed item
    expect(orderOf({ order })).toEqual({ id: "o-77", created_at: "2026-11-01T00:00:00Z", items: [{ item_id: "i-1", name: "Shirt", price: 12.5 }] });
  });

  it("is null without an order, or for one without an id", () => {
    expect(orderOf({ order: null })).toBeNull();
    expect(orderOf({ order: { items: [] } })).toBeNull();
  });
});
