import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Conversation } from "../../../api/types";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { agent, conversation, message } from "../../../test/fixtures";
import { ConversationPane } from "./ConversationPane";

const me = agent();
const messages = { items: [message({}), message({ message_id: "m_2", direction: "out", text: "Yes!", status: "failed" })], next_cursor: null };

function open(c: Conversation, ...extra: Parameters<typeof fakeNetwork>) {
  const network = fakeNetwork(
    ...extra,
    api("GET", `/conversations/${c.conversation_id}`, c),
    api("GET", `/conversations/${c.conversation_id}/messages`, messages),
    api("POST", `/conversations/${c.conversation_id}/read`, { ...c, unread: false }),
  );
  renderAt(`/conversations/${c.conversation_id}`, <ConversationPane id={c.conversation_id} me={me} />);
  return network;
}

describe("ConversationPane", () => {
  it("shows the contact, the message log with delivery status, and the actions of an open conversation", async () => {
    open(conversation());
    expect(await screen.findByRole("heading", { name: "Lan Nguyen" })).toBeInTheDocument();
    const log = screen.getByRole("log", { name: "Messages" });
    await waitFor(() => expect(log).toHaveTextContent("Is size M in stock?"));
    expect(log).toHaveTextContent("Failed");
    expect(screen.getByRole("button", { name: "Close" })).toBeEnabled();
    expect(screen.queryByRole("button", { name: "Assign to me" })).toBeNull(); // already mine
    expect(screen.queryByRole("button", { name: "Reopen" })).toBeNull();
  });

  it("offers Assign to me on someone else's or nobody's conversation, and claims it", async () => {
    const c = conversation({ assignee_id: null, status: "unassigned" });
    const network = open(c, api("POST", "/conversations/cv_1/claim", { ...c, assignee_id: "ag_1", status: "open" }));
    await userEvent.click(await screen.findByRole("button", { name: "Assign to me" }));
    await waitFor(() => expect(network.calls.some((call) => call.method === "POST" && call.url.endsWith("/claim"))).toBe(true));
  });

  it("sends a reply, and Send and resolve sends resolve: true", async () => {
    const network = open(conversation(), api("POST", "/conversations/cv_1/messages", message({ message_id: "m_3", direction: "out" }), 201));
    const reply = await screen.findByRole("textbox", { name: "Reply" });
    await userEvent.type(reply, "Yes, in stock.");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(reply).toHaveValue(""));
    await userEvent.type(reply, "Anything else?");
    await userEvent.click(screen.getByRole("button", { name: "Send and resolve" }));
    await waitFor(() => expect(reply).toHaveValue(""));
    const sent = network.calls.filter((call) => call.method === "POST" && call.url.endsWith("/messages")).map((call) => call.body);
    expect(sent).toEqual([{ text: "Yes, in stock.", resolve: false }, { text: "Anything else?", resolve: true }]);
  });

  it("offers only Reopen on a closed conversation and says why the reply box is disabled", async () => {
    open(conversation({ status: "closed", close_reason: "resolved" }));
    expect(await screen.findByRole("button", { name: "Reopen" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Close" })).toBeNull();
    expect(screen.getByRole("textbox", { name: "Reply" })).toBeDisabled();
    expect(screen.getByText("This conversation is closed: reopen it to reply.")).toBeInTheDocument();
  });

  it("says another app holds a Messenger thread: Send is disabled, an internal note still goes", async () => {
    open(conversation({ channel: "messenger", thread_owner_app_id: "263902037430900" }));
    expect(await screen.findByText(/Another app holds this Messenger thread/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(screen.getByRole("checkbox", { name: "Internal note" })).toBeEnabled();
  });

  it("names the app that asks for a Messenger thread, while the thread is still ours to answer", async () => {
    open(conversation({ channel: "messenger", thread_requested_by_app_id: "123456789" }));
    expect(await screen.findByRole("status")).toHaveTextContent("App 123456789 asks for this conversation");
    expect(screen.getByRole("textbox", { name: "Reply" })).toBeEnabled();
  });

  it("marks an unread conversation read when it is opened", async () => {
    const network = open(conversation({ unread: true }));
    await waitFor(() => expect(network.calls.some((call) => call.method === "POST" && call.url.endsWith("/read"))).toBe(true));
  });

  it("shows older messages on request, before the newest page, each once", async () => {
    const c = conversation();
    const olderPage = { items: [message({ message_id: "m_0", text: "Hello?" }), message({})], next_cursor: null };
    const network = fakeNetwork(
      (call) => (new URL(call.url).searchParams.get("cursor") === "c-1" ? { body: olderPage } : undefined),
      api("GET", "/conversations/cv_1/messages", { ...messages, next_cursor: "c-1" }),
      api("GET", "/conversations/cv_1", c),
    );
    renderAt("/conversations/cv_1", <ConversationPane id="cv_1" me={me} />);
    await userEvent.click(await screen.findByRole("button", { name: "Show older messages" }));
    const log = screen.getByRole("log", { name: "Messages" });
    await waitFor(() => expect(within(log).getAllByRole("article").map((a) => a.textContent?.split(/\d/)[0])).toEqual(["Hello?", "Is size M in stock?", "Yes!"]));
    expect(screen.queryByRole("button", { name: "Show older messages" })).toBeNull();
    expect(network.calls.some((call) => call.url.includes("cursor=c-1"))).toBe(true);
  });

  it("keeps the conversation and the reply being written when a refresh fails, and says so", async () => {
    const c = conversation();
    let failing = false;
    fakeNetwork(
      (call) => (failing && call.method === "GET" && new URL(call.url).pathname === "/conversations/cv_1" ? { status: 503, body: { error: { code: "unavailable", message: "busy" } } } : undefined),
      api("GET", "/conversations/cv_1", c),
      api("GET", "/conversations/cv_1/messages", messages),
      api("POST", "/conversations/cv_1/read", { ...c, unread: false }),
      api("GET", "/templates", { items: [] }),
    );
    const { queryClient } = renderAt("/conversations/cv_1", <ConversationPane id="cv_1" me={me} />);
    const reply = await screen.findByRole("textbox", { name: "Reply" });
    await userEvent.type(reply, "Checking the stock");
    failing = true;
    await queryClient.refetchQueries({ queryKey: ["conversation", "cv_1"] });
    expect(await screen.findByRole("alert")).toHaveTextContent("could not be loaded");
    expect(screen.getByRole("heading", { name: "Lan Nguyen" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("Checking the stock");
  });
});
