import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { conversation } from "../../../test/fixtures";
import { DetailsPanel } from "./DetailsPanel";

const ticket = conversation({
  contact: { contact_id: "ct_1", name: "Lan", store_name: "Lan Shop", store_url: "https://lan.example", language: "vi", blocked: false },
  category: "post_purchase_ticket",
  issue_type: "size",
  ticket_id: "t-1",
  order: { id: "o-77", items: [{ item_id: "i-1", name: "Shirt", price: 12.5 }, { item_id: "i-2", name: "Hat", price: 8 }] },
  time_left_to_respond_seconds: 3 * 3600,
  tags: [{ tag_id: "tg_1", name: "vip" }],
  work_items: [{ work_item_id: "wi-1", type: "proposal", status: "open" }],
});

describe("DetailsPanel", () => {
  it("names the marketplace and the seller's store a ticket came from", () => {
    fakeNetwork();
    renderAt("/", <DetailsPanel conversation={{ ...ticket, channel: "wish", marketplace: "wish", store: { connection_id: "cn_1", name: "Lan's Wish store" } }} />);
    expect(screen.getByRole("complementary", { name: "Details" })).toHaveTextContent("Marketplace storeWish · Lan's Wish store");
  });

  it("says whether a Zalo contact follows the OA, and nothing while Zalo never said", () => {
    fakeNetwork();
    const zalo = conversation({ channel: "zalo" });
    const { unmount } = renderAt("/", <DetailsPanel conversation={{ ...zalo, contact: { ...zalo.contact, following: true } }} />);
    expect(screen.getByRole("complementary", { name: "Details" })).toHaveTextContent("Official AccountFollows the OA");
    unmount();
    renderAt("/", <DetailsPanel conversation={{ ...zalo, contact: { ...zalo.contact, following: false } }} />);
    expect(screen.getByRole("complementary", { name: "Details" })).toHaveTextContent("Official AccountUnfollowed");
  });

  it("shows the phone a Zalo contact shared with the OA, and no phone row without one", () => {
    fakeNetwork();
    const zalo = conversation({ channel: "zalo" });
    const { unmount } = renderAt("/", <DetailsPanel conversation={{ ...zalo, contact: { ...zalo.contact, phone: "84987654321" } }} />);
    expect(screen.getByRole("complementary", { name: "Details" })).toHaveTextContent("Phone84987654321");
    unmount();
    renderAt("/", <DetailsPanel conversation={zalo} />);
    expect(screen.getByRole("complementary", { name: "Details" })).not.toHaveTextContent("Phone");
  });

  it("says whether a Messenger contact opted in to marketing messages and linked their account", () => {
    fakeNetwork();
    const page = conversation({ channel: "messenger" });
    renderAt("/", <DetailsPanel conversation={{ ...page, contact: { ...page.contact, notifications: false, linked: true } }} />);
    const details = screen.getByRole("complementary", { name: "Details" });
    expect(details).toHaveTextContent("Marketing messagesStopped");
    expect(details).toHaveTextContent("Linked accountLinked");
  });

  it("shows no follow state for a contact whose channel never said", () => {
    fakeNetwork();
    renderAt("/", <DetailsPanel conversation={ticket} />);
    expect(screen.getByRole("complementary", { name: "Details" })).not.toHaveTextContent("Official Account");
  });

  it("shows the contact, the ticket with its order items, the time left to respond, the tags and the work items", () => {
    fakeNetwork();
    renderAt("/", <DetailsPanel conversation={ticket} />);
    const panel = screen.getByRole("complementary", { name: "Details" });
    expect(within(panel).getByRole("link", { name: "Lan Shop" })).toHaveAttribute("href", "https://lan.example");
    expect(panel).toHaveTextContent("https://lan.example");
    expect(panel).toHaveTextContent("Vietnamese");
    expect(panel).toHaveTextContent("Post-purchase ticket");
    expect(panel).toHaveTextContent("o-77");
    expect(within(panel).getByRole("checkbox", { name: "Shirt" })).not.toBeChecked();
    expect(panel).toHaveTextContent("Time left to respond: 3h 0m");
    expect(within(panel).getByRole("list", { name: "Tags" })).toHaveTextContent("vip");
    expect(within(panel).getByRole("list", { name: "Work items" })).toHaveTextContent("Proposal wi-1 · open");
  });

  it("refunds the marked items after confirming", async () => {
    const network = fakeNetwork(api("POST", "/conversations/cv_1/close", { ...ticket, status: "closed", close_reason: "refunded" }));
    renderAt("/", <DetailsPanel conversation={ticket} />);
    const refund = screen.getByRole("button", { name: "Refund marked items" });
    expect(refund).toBeDisabled();
    await userEvent.click(screen.getByRole("checkbox", { name: "Hat" }));
    await userEvent.click(refund);
    const dialog = screen.getByRole("dialog", { name: "Refund the marked items?" });
    expect(dialog).toHaveTextContent("Refund Hat and close");
    await userEvent.click(within(dialog).getByRole("button", { name: "Refund" }));
    await waitFor(() => expect(network.calls.filter((c) => c.url.endsWith("/close")).map((c) => c.body)).toEqual([{ reason: "refunded", refund_item_ids: ["i-2"] }]));
  });

  it("shows a closed ticket's refund, and its items without checkboxes", () => {
    fakeNetwork();
    const refunded = {
      ...ticket,
      status: "closed" as const,
      close_reason: "refunded" as const,
      refund: { item_ids: ["i-1"], items: [{ item_id: "i-1", name: "Shirt", price: 12.5 }], amount: 12.5, refunded_by: "ag_1", refunded_at: "2026-11-22T10:00:00Z" },
    };
    renderAt("/", <DetailsPanel conversation={refunded} />);
    const shown = screen.getByRole("region", { name: "Refund" });
    expect(shown).toHaveTextContent("Shirt · 12.50");
    expect(shown).toHaveTextContent("Total refunded: 12.50");
    expect(screen.queryByRole("checkbox")).toBeNull();
    expect(screen.queryByText(/Time left to respond/)).toBeNull();
  });
});
