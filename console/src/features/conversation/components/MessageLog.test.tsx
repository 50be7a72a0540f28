import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { api, fakeNetwork, renderAt } from "../../../test/render";
import { message } from "../../../test/fixtures";
import { MessageLog } from "./MessageLog";

const thread = [
  message({ text: "Có size M không?", attachments: [{ type: "image", url: "http://files.test/a.jpg", name: "a.jpg" }] }),
  message({ message_id: "m_2", direction: "note", text: "Check stock", author_id: "ag_1", status: "sent" }),
  message({ message_id: "m_3", direction: "out", text: "Yes!", author_id: "ag_1", status: "failed", attachments: [{ type: "file", url: "http://files.test/chart.pdf", name: "chart.pdf" }] }),
  message({ message_id: "m_4", direction: "out", text: "Anything else?", author_id: "ag_1", status: "sent" }),
];

describe("MessageLog", () => {
  it("shows images inline, files as links, notes marked, and the delivery status of agent messages", () => {
    fakeNetwork();
    renderAt("/", <MessageLog conversationId="cv_1" messages={thread} />);
    const log = screen.getByRole("log", { name: "Messages" });
    const [customer, note, failed, sent] = within(log).getAllByRole("article");
    expect(within(customer as HTMLElement).getByRole("img", { name: "a.jpg" })).toHaveAttribute("src", "http://files.test/a.jpg");
    expect(note).toHaveAccessibleName("Internal note");
    expect(note).toHaveTextContent("Check stock");
    expect(within(failed as HTMLElement).getByRole("link", { name: "chart.pdf" })).toHaveAttribute("href", "http://files.test/chart.pdf");
    expect(failed).toHaveTextContent("Failed");
    expect(sent).toHaveTextContent("Sent");
    expect(within(sent as HTMLElement).queryByRole("button", { name: "Retry" })).toBeNull();
  });

  it("retries a failed message", async () => {
    const network = fakeNetwork(api("POST", "/conversations/cv_1/messages/m_3/retry", message({ message_id: "m_3", direction: "out", status: "queued" }), 202));
    renderAt("/", <MessageLog conversationId="cv_1" messages={thread} />);
    await userEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(network.calls.filter((call) => call.url.endsWith("/m_3/retry"))).toHaveLength(1));
  });

  it("shows the translation under a contact's message when asked", () => {
    fakeNetwork();
    renderAt("/", <MessageLog conversationId="cv_1" messages={thread} translations={new Map([["m_1", "Is size M available?"]])} />);
    expect(within(screen.getAllByRole("article")[0] as HTMLElement).getByText("Is size M available?")).toBeInTheDocument();
  });

  it("marks a message the customer edited, with what they first wrote", () => {
    fakeNetwork();
    const edited = message({ text: "Size L please", edited: true, original_text: "Size M please" });
    renderAt("/", <MessageLog conversationId="cv_1" messages={[edited, thread[3] as (typeof thread)[number]]} />);
    const [customer, agentMessage] = screen.getAllByRole("article");
    expect(within(customer as HTMLElement).getByText("Edited")).toHaveAttribute("title", "First written: Size M please");
    expect(customer).toHaveTextContent("Size L please");
    expect(within(agentMessage as HTMLElement).queryByText("Edited")).toBeNull();
  });

  it("shows the customer's feedback on a message of the page, and none where they gave none", () => {
    fakeNetwork();
    const rated = message({ message_id: "m_5", direction: "out", text: "Shipped today", author_id: "ag_1", status: "read", feedback: "bad" });
    renderAt("/", <MessageLog conversationId="cv_1" messages={[rated, thread[3] as (typeof thread)[number]]} />);
    const [withFeedback, without] = screen.getAllByRole("article");
    expect(withFeedback).toHaveTextContent("Customer: bad response");
    expect(without).not.toHaveTextContent("Customer:");
  });
});
