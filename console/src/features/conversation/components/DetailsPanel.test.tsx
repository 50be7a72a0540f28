import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { conversation } from "../../../test/fixtures";
import { DetailsPanel } from "./DetailsPanel";

describe("DetailsPanel", () => {
  it("shows the contact, the ticket with its order items, the time left to respond and the tags", () => {
    render(
      <DetailsPanel
        conversation={conversation({
          contact: { contact_id: "ct_1", name: "Lan", store_name: "Lan Shop", store_url: "https://lan.example", language: "vi", blocked: false },
          category: "post_purchase_ticket",
          issue_type: "size",
          order: { id: "o-77", items: [{ item_id: "i-1", name: "Shirt", price: 12.5 }] },
          time_left_to_respond_seconds: 3 * 3600,
          tags: [{ tag_id: "tg_1", name: "vip" }],
        })}
      />,
    );
    const panel = screen.getByRole("complementary", { name: "Details" });
    expect(within(panel).getByRole("link", { name: "Lan Shop" })).toHaveAttribute("href", "https://lan.example");
    expect(panel).toHaveTextContent("Post-purchase ticket");
    expect(panel).toHaveTextContent("o-77");
    expect(panel).toHaveTextContent("Shirt · 12.5");
    expect(panel).toHaveTextContent("Time left to respond: 3h 0m");
  });
});
