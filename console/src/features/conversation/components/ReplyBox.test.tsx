import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { message } from "../../../test/fixtures";
import { ReplyBox, replyWindowNotice } from "./ReplyBox";
import i18n from "../../../i18n";

const templates = { items: [{ template_id: "tp_1", name: "Greeting", texts: { en: "Hello!", vi: "Xin chào!" }, created_at: "2026-11-22T10:00:00Z" }] };
const sent = api("POST", "/conversations/cv_1/messages", message({ message_id: "m_9", direction: "out" }), 201);

function show(...extra: Parameters<typeof fakeNetwork>) {
  const network = fakeNetwork(...extra, api("GET", "/templates", templates), sent);
  renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason={null} />);
  return network;
}

const replies = (network: ReturnType<typeof fakeNetwork>) =>
  network.calls.filter((call) => call.method === "POST" && call.url.endsWith("/messages")).map((call) => call.body);

/** A stand-in for the browser's XMLHttpRequest: reports half, then all, of the upload. */
class FakeUpload {
  static puts: { url: string; body: unknown }[] = [];
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  status = 0;
  private url = "";
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: unknown) {
    FakeUpload.puts.push({ url: this.url, body });
    queueMicrotask(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
      this.status = 200;
      this.onload?.();
    });
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FakeUpload.puts = [];
});

describe("ReplyBox", () => {
  it("keeps the draft of each conversation when the box is shown again, and forgets it once sent", async () => {
    const network = show();
    await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Half a thought");
    cleanup();
    renderAt("/", <ReplyBox conversationId="cv_2" contactLanguage="vi" disabledReason={null} />);
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("");
    cleanup();
    renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason={null} />);
    const reply = screen.getByRole("textbox", { name: "Reply" });
    expect(reply).toHaveValue("Half a thought");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(reply).toHaveValue(""));
    expect(replies(network)).toEqual([{ text: "Half a thought", resolve: false }]);
    cleanup();
    renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason={null} />);
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("");
  });

  it("keeps the next message the agent types while the last one is still being sent", async () => {
    const network = show();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const answer = network.fetch.getMockImplementation();
    if (!answer) throw new Error("the fake network has no answer");
    network.fetch.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
      if ((init?.method ?? (input instanceof Request ? input.method : "GET")) === "POST") await held;
      return answer(input, init);
    });
    const reply = screen.getByRole("textbox", { name: "Reply" });
    await userEvent.type(reply, "First");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(screen.getByRole("button", { name: "Send" })).toBeDisabled());
    await userEvent.clear(reply);
    await userEvent.type(reply, "Second");
    release();
    await waitFor(() => expect(screen.getByRole("button", { name: "Send" })).toBeEnabled());
    expect(replies(network)).toEqual([{ text: "First", resolve: false }]);
    expect(reply).toHaveValue("Second");
  });

  it("fills the template in the contact's language, and in the reply language chosen", async () => {
    const network = show();
    const reply = screen.getByRole("textbox", { name: "Reply" });
    await screen.findByRole("option", { name: "Greeting" });
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Template" }), "Greeting");
    expect(reply).toHaveValue("Xin chào!");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Reply language" }), "English");
    expect(reply).toHaveValue("Hello!");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(replies(network)).toEqual([{ text: "Hello!", resolve: false, template_id: "tp_1", language: "en" }]));
  });

  it("sends an internal note, never with resolve, and unticks the box afterwards", async () => {
    const network = show();
    const note = screen.getByRole("checkbox", { name: "Internal note" });
    await userEvent.click(note);
    expect(screen.getByRole("button", { name: "Send and resolve" })).toBeDisabled();
    await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Check stock");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(replies(network)).toEqual([{ text: "Check stock", resolve: false, internal: true }]));
    await waitFor(() => expect(note).not.toBeChecked());
  });

  it("uploads an attached file with progress and sends it by object key", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeUpload);
    const network = show(api("POST", "/uploads", { upload_url: "http://s3.test/put-here", object_key: "org/abc/chart.png", expires_at: "2026-11-22T11:00:00Z" }, 201));
    const file = new File(["png-bytes"], "chart.png", { type: "image/png" });
    await userEvent.upload(screen.getByLabelText("Attach file"), file);
    const pending = within(screen.getByRole("list", { name: "Attachments" })).getByRole("listitem");
    await waitFor(() => expect(within(pending).getByRole("progressbar", { name: "Uploading chart.png" })).toHaveAttribute("aria-valuenow", "100"));
    expect(FakeUpload.puts.map((put) => put.url)).toEqual(["http://s3.test/put-here"]);
    expect(network.calls.find((call) => call.url.endsWith("/uploads"))?.body).toEqual({ file_name: "chart.png", content_type: "image/png", size: 9 });
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(replies(network)).toEqual([{ resolve: false, attachments: [{ object_key: "org/abc/chart.png" }] }]));
    await waitFor(() => expect(screen.queryByRole("list", { name: "Attachments" })).toBeNull());
  });

  it("sends an order card from the conversation's orders and an item card by its id (Send card)", async () => {
    const network = fakeNetwork(api("GET", "/templates", templates), sent);
    renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason={null} cards={{ kinds: ["item", "order"], orders: ["5566", "4455"] }} />);
    await userEvent.click(screen.getByRole("button", { name: "Send card" }));
    const dialog = screen.getByRole("dialog", { name: "Send a card" });
    expect(within(dialog).getByRole("combobox", { name: "Order" })).toHaveValue("5566");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send order card" }));
    await waitFor(() => expect(replies(network)).toEqual([{ resolve: false, card: { kind: "order", id: "5566" } }]));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    await userEvent.click(screen.getByRole("button", { name: "Send card" }));
    await userEvent.type(screen.getByRole("textbox", { name: "Item id" }), "1762013406");
    await userEvent.click(screen.getByRole("button", { name: "Send item card" }));
    await waitFor(() => expect(replies(network)).toHaveLength(2));
    expect(replies(network)[1]).toEqual({ resolve: false, card: { kind: "item", id: "1762013406" } });
  });

  it("offers no card where the channel carries none", () => {
    show();
    expect(screen.queryByRole("button", { name: "Send card" })).toBeNull();
  });

  it("says why replies cannot be sent, and disables Send", () => {
    fakeNetwork(api("GET", "/templates", templates));
    renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason="This contact is blocked: replies cannot be sent." />);
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveAccessibleDescription("This contact is blocked: replies cannot be sent.");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
  });

  it("shows a refused reply in words (409 outside the messaging window)", async () => {
    fakeNetwork(
      api("POST", "/conversations/cv_1/messages", { error: { code: "outside_messaging_window", message: "window closed" } }, 409),
      api("GET", "/templates", templates),
    );
    renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason={null} />);
    await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Hello");
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The channel does not allow a reply now: its messaging window is closed.");
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue("Hello"); // the draft is kept
  });

  it("translates the draft into the reply language, and says so when translation is not offered", async () => {
    const network = show(api("POST", "/translate", { text: "Xin chào, còn hàng ạ", source_language: "en" }));
    const reply = screen.getByRole("textbox", { name: "Reply" });
    await userEvent.type(reply, "Hello, in stock");
    await userEvent.click(screen.getByRole("button", { name: "Translate" }));
    await waitFor(() => expect(reply).toHaveValue("Xin chào, còn hàng ạ"));
    expect(network.calls.find((call) => call.url.endsWith("/translate"))?.body).toEqual({ text: "Hello, in stock", target_language: "vi" });
  });

  it("shows a 501 from translation in words", async () => {
    show(api("POST", "/translate", { error: { code: "translation_unavailable", message: "no translation" } }, 501));
    await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Hello");
    await userEvent.click(screen.getByRole("button", { name: "Translate" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Translation is not available on this installation.");
  });

  it("says the channel's window is closed and disables Send, but still sends an internal note", async () => {
    const closed = { closed: "The channel's reply window has closed", closesSoon: null };
    const network = fakeNetwork(api("GET", "/templates", templates), sent);
    renderAt("/", <ReplyBox conversationId="cv_1" contactLanguage="vi" disabledReason={null} window={closed} />);
    expect(screen.getByRole("status")).toHaveTextContent("The channel's reply window has closed");
    await userEvent.type(screen.getByRole("textbox", { name: "Reply" }), "Are you there?");
    expect(screen.getByRole("button", { name: "Send" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Send and resolve" })).toBeDisabled();
    await userEvent.click(screen.getByRole("checkbox", { name: "Internal note" }));
    await userEvent.click(screen.getByRole("button", { name: "Send" }));
    await waitFor(() => expect(replies(network)).toEqual([{ text: "Are you there?", resolve: false, internal: true }]));
  });

  it("tells why the window is closed, and when an open one closes soon", () => {
    const t = i18n.getFixedT("en");
    const now = Date.parse("2026-11-22T10:00:00Z");
    expect(replyWindowNotice({ open: false, closes_at: null, reason: "free_replies_used" }, t, "en", now).closed).toMatch(/free reply/);
    expect(replyWindowNotice({ open: true, closes_at: "2026-11-22T11:00:00Z", reason: null }, t, "en", now).closesSoon).toMatch(/until/);
    expect(replyWindowNotice({ open: true, closes_at: "2026-11-29T10:00:00Z", reason: null }, t, "en", now)).toEqual({ closed: null, closesSoon: null });
    expect(replyWindowNotice({ open: true, closes_at: null, reason: null }, t, "en", now).closesSoon).toBeNull();
  });
});
