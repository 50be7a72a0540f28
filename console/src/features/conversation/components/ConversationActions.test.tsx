import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Agent, Conversation } from "../../../api/types";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { agent, conversation } from "../../../test/fixtures";
import { ConversationActions, applicableActions } from "./ConversationActions";

const me = agent();
const owner = agent({ agent_id: "ag_owner", role: "owner", nickname: "Boss" });
const binh = agent({ agent_id: "ag_2", nickname: "Binh" });

function show(c: Conversation, who: Agent, ...extra: Parameters<typeof fakeNetwork>) {
  const network = fakeNetwork(...extra, api("GET", "/agents", { items: [me, binh, owner] }), api("GET", "/tags", { items: [{ tag_id: "tg_1", name: "vip" }] }));
  renderAt("/", <ConversationActions conversation={c} me={who} />);
  return network;
}

const posted = (network: ReturnType<typeof fakeNetwork>, suffix: string) =>
  network.calls.filter((call) => call.method !== "GET" && new URL(call.url).pathname.endsWith(suffix));

describe("applicableActions", () => {
  it("offers an agent Assign to me only on a waiting conversation, and Transfer only on their own", () => {
    expect(applicableActions(conversation({ assignee_id: null, status: "unassigned" }), me)).toMatchObject({ assignToMe: true, transfer: false, reopen: false });
    expect(applicableActions(conversation({ assignee_id: "ag_2" }), me)).toMatchObject({ assignToMe: false, assign: false, transfer: false });
    expect(applicableActions(conversation(), me)).toMatchObject({ assignToMe: false, transfer: true, end: true, close: true });
  });

  it("lets an owner take or transfer anyone's conversation, and a closed one only reopen", () => {
    expect(applicableActions(conversation({ assignee_id: "ag_2" }), owner)).toMatchObject({ assignToMe: true, assign: true, transfer: true });
    expect(applicableActions(conversation({ status: "closed" }), owner)).toMatchObject({ assignToMe: false, transfer: false, end: false, close: false, decline: false, reopen: true });
  });

  it("offers Appeal on a ticket that is not escalated yet", () => {
    expect(applicableActions(conversation(), me).appeal).toBe(false);
    expect(applicableActions(conversation({ ticket_id: "t-1" }), me).appeal).toBe(true);
    expect(applicableActions(conversation({ ticket_id: "t-1", status: "escalated" }), me).appeal).toBe(false);
  });
});

describe("ConversationActions", () => {
  it("transfers by nickname, suggesting the team", async () => {
    const c = conversation();
    const network = show(c, me, api("POST", "/conversations/cv_1/transfer", { ...c, assignee_id: "ag_2" }));
    await userEvent.click(screen.getByRole("button", { name: "Transfer" }));
    const dialog = screen.getByRole("dialog", { name: "Transfer the conversation" });
    const nickname = within(dialog).getByRole("combobox", { name: "Nickname" });
    expect(nickname).toHaveFocus();
    await waitFor(() => expect(dialog.querySelectorAll("datalist option")).toHaveLength(2)); // Binh and Boss: not the current assignee
    await userEvent.type(nickname, "Binh");
    await userEvent.click(within(dialog).getByRole("button", { name: "Transfer" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(posted(network, "/transfer").map((call) => call.body)).toEqual([{ nickname: "Binh" }]);
  });

  it("shows an error answer in words inside the dialog and keeps it open", async () => {
    show(conversation(), me, api("POST", "/conversations/cv_1/transfer", { error: { code: "not_found", message: "no agent with nickname Nobody" } }, 404));
    await userEvent.click(screen.getByRole("button", { name: "Transfer" }));
    const dialog = screen.getByRole("dialog", { name: "Transfer the conversation" });
    await userEvent.type(within(dialog).getByRole("combobox", { name: "Nickname" }), "Nobody");
    await userEvent.click(within(dialog).getByRole("button", { name: "Transfer" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent("no agent with nickname Nobody");
  });

  it("translates a known conflict code, e.g. someone claimed it first (409)", async () => {
    show(conversation({ assignee_id: null, status: "unassigned" }), me, api("POST", "/conversations/cv_1/claim", { error: { code: "already_claimed", message: "someone already claimed this conversation" } }, 409));
    await userEvent.click(screen.getByRole("button", { name: "Assign to me" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Someone else took this conversation first.");
  });

  it("asks before ending; Cancel sends nothing, End conversation ends it", async () => {
    const c = conversation();
    const network = show(c, me, api("POST", "/conversations/cv_1/end", { ...c, status: "closed", close_reason: "ended" }));
    const end = screen.getByRole("button", { name: "End" });
    await userEvent.click(end);
    await userEvent.click(within(screen.getByRole("dialog", { name: "End this conversation?" })).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(end).toHaveFocus(); // focus returns to what opened the dialog
    expect(posted(network, "/end")).toHaveLength(0);
    await userEvent.click(end);
    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    await userEvent.click(end);
    await userEvent.click(screen.getByRole("button", { name: "End conversation" }));
    await waitFor(() => expect(posted(network, "/end")).toHaveLength(1));
  });

  it("blocks the contact only after confirming", async () => {
    const c = conversation();
    const network = show(c, me, api("POST", "/contacts/ct_1/block", { ...c, contact: { ...c.contact, blocked: true } }));
    await userEvent.click(screen.getByRole("button", { name: "Block contact" }));
    const dialog = screen.getByRole("dialog", { name: "Block this contact?" });
    expect(dialog).toHaveTextContent("cannot be undone");
    await userEvent.click(within(dialog).getByRole("button", { name: "Block" }));
    await waitFor(() => expect(posted(network, "/block")).toHaveLength(1));
  });

  it("assigns to a chosen agent, and an owner's Assign to me assigns rather than claims", async () => {
    const c = conversation({ assignee_id: "ag_1" });
    const network = show(c, owner, api("POST", "/conversations/cv_1/assign", { ...c, assignee_id: "ag_2" }));
    await userEvent.click(screen.getByRole("button", { name: "Assign" }));
    const dialog = screen.getByRole("dialog", { name: "Assign the conversation" });
    await userEvent.selectOptions(await within(dialog).findByRole("combobox", { name: "Agent" }), "Binh (1 / 10)");
    await userEvent.click(within(dialog).getByRole("button", { name: "Assign" }));
    await userEvent.click(screen.getByRole("button", { name: "Assign to me" }));
    await waitFor(() => expect(posted(network, "/assign").map((call) => call.body)).toEqual([{ agent_id: "ag_2" }, { agent_id: "ag_owner" }]));
  });

  it("applies and removes tags with checkboxes named by tag", async () => {
    const c = conversation();
    const network = show(c, me, api("PUT", "/conversations/cv_1/tags/tg_1", { ...c, tags: [{ tag_id: "tg_1", name: "vip" }] }));
    await userEvent.click(screen.getByRole("button", { name: "Tags" }));
    await userEvent.click(await screen.findByRole("checkbox", { name: "vip" }));
    await waitFor(() => expect(posted(network, "/tags/tg_1").map((call) => call.method)).toEqual(["PUT"]));
  });

  it("appeals with a note and declines with a message to the contact", async () => {
    const c = conversation({ ticket_id: "t-1" });
    const network = show(c, me, api("POST", "/conversations/cv_1/appeal", { ...c, status: "escalated" }), api("POST", "/conversations/cv_1/decline", { ...c, status: "closed" }));
    await userEvent.click(screen.getByRole("button", { name: "Appeal" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Note" }), "Buyer abuses returns");
    await userEvent.click(screen.getByRole("button", { name: "Send appeal" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await userEvent.click(screen.getByRole("button", { name: "Decline" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Message to the contact" }), "Sorry, we cannot help with this.");
    await userEvent.click(screen.getByRole("button", { name: "Decline and close" }));
    await waitFor(() => expect(posted(network, "/decline").map((call) => call.body)).toEqual([{ text: "Sorry, we cannot help with this." }]));
    expect(posted(network, "/appeal").map((call) => call.body)).toEqual([{ note: "Buyer abuses returns" }]);
  });

  it("creates a new tag and applies it at once", async () => {
    const c = conversation();
    const network = show(
      c,
      me,
      api("POST", "/tags", { tag_id: "tg_9", name: "wholesale" }, 201),
      api("PUT", "/conversations/cv_1/tags/tg_9", { ...c, tags: [{ tag_id: "tg_9", name: "wholesale" }] }),
    );
    await userEvent.click(screen.getByRole("button", { name: "Tags" }));
    await userEvent.type(screen.getByRole("textbox", { name: "New tag" }), "wholesale");
    await userEvent.click(screen.getByRole("button", { name: "Add tag" }));
    await waitFor(() => expect(posted(network, "/tags/tg_9").map((call) => call.method)).toEqual(["PUT"]));
    expect(posted(network, "/tags").map((call) => call.body)).toEqual([{ name: "wholesale" }]);
    expect(screen.getByRole("textbox", { name: "New tag" })).toHaveValue("");
  });
});
