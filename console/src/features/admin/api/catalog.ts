// Rules, tags, templates and settings: what API.md lets owners and supervisors create, change and delete.
import { unwrap, type ApiClient } from "../../../api/client";
import type { NewRule, NewTemplate, Rule, RuleChanges, Settings, SettingsChanges, TagItem, TemplateItem } from "./types";

// The same keys as the inbox's tag filter and the conversation's template picker: one cache, refreshed by every change.
export const catalogKeys = { tags: ["tags"] as const, templates: ["templates"] as const, settings: ["settings"] as const };

export const METHODS = ["round_robin", "self_claim", "weighted"] as const;
export const EXISTING = ["none", "available", "all"] as const;

const rule = (id: string) => ({ params: { path: { rule_id: id } } });
const tag = (id: string) => ({ params: { path: { tag_id: id } } });

export const createRule = (api: ApiClient, body: NewRule) => unwrap<Rule>(api.POST("/rules", { body }));
export const changeRule = (api: ApiClient, id: string, body: RuleChanges) => unwrap<Rule>(api.PATCH("/rules/{rule_id}", { ...rule(id), body }));
export const deleteRule = (api: ApiClient, id: string) => unwrap<unknown>(api.DELETE("/rules/{rule_id}", rule(id)));

export const fetchTags = async (api: ApiClient) => (await unwrap<{ items: TagItem[] }>(api.GET("/tags"))).items;
export const createTag = (api: ApiClient, name: string) => unwrap<TagItem>(api.POST("/tags", { body: { name } }));
export const renameTag = (api: ApiClient, id: string, name: string) => unwrap<TagItem>(api.PATCH("/tags/{tag_id}", { ...tag(id), body: { name } }));
export const deleteTag = (api: ApiClient, id: string) => unwrap<unknown>(api.DELETE("/tags/{tag_id}", tag(id)));

export const fetchTemplates = async (api: ApiClient) => (await unwrap<{ items: TemplateItem[] }>(api.GET("/templates"))).items;
export const createTemplate = (api: ApiClient, body: NewTemplate) => unwrap<TemplateItem>(api.POST("/templates", { body }));

export const fetchSettings = (api: ApiClient) => unwrap<Settings>(api.GET("/settings"));
export const changeSettings = (api: ApiClient, body: SettingsChanges) => unwrap<Settings>(api.PATCH("/settings", { body }));
