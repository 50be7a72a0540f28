import { useMutation, useQuery, useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useApi } from "../../../app/ConfigContext";
import * as catalog from "../api/catalog";
import { rulesKey } from "../api/connections";
import type { NewRule, NewTemplate, RuleChanges, SettingsChanges } from "../api/types";

/** A mutation of the catalog that refreshes the lists it changes. */
function useCatalogChange<T>(call: (value: T) => Promise<unknown>, keys: QueryKey[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export function useCreateRule() {
  const api = useApi();
  return useCatalogChange((body: NewRule) => catalog.createRule(api, body), [rulesKey]);
}

export function useChangeRule(id: string) {
  const api = useApi();
  return useCatalogChange((body: RuleChanges) => catalog.changeRule(api, id, body), [rulesKey]);
}

export function useDeleteRule() {
  const api = useApi();
  return useCatalogChange((id: string) => catalog.deleteRule(api, id), [rulesKey]);
}

export function useTagList() {
  const api = useApi();
  return useQuery({ queryKey: catalog.catalogKeys.tags, queryFn: () => catalog.fetchTags(api) });
}

// A tag's name shows on conversations: renaming or deleting one refreshes them too.
const TAGGED: QueryKey[] = [catalog.catalogKeys.tags, ["conversations"], ["conversation"]];

export function useCreateTag() {
  const api = useApi();
  return useCatalogChange((name: string) => catalog.createTag(api, name), [catalog.catalogKeys.tags]);
}

export function useRenameTag(id: string) {
  const api = useApi();
  return useCatalogChange((name: string) => catalog.renameTag(api, id, name), TAGGED);
}

export function useDeleteTag() {
  const api = useApi();
  return useCatalogChange((id: string) => catalog.deleteTag(api, id), TAGGED);
}

export function useTemplateList() {
  const api = useApi();
  return useQuery({ queryKey: catalog.catalogKeys.templates, queryFn: () => catalog.fetchTemplates(api) });
}

export function useCreateTemplate() {
  const api = useApi();
  return useCatalogChange((body: NewTemplate) => catalog.createTemplate(api, body), [catalog.catalogKeys.templates]);
}

export function useSettings() {
  const api = useApi();
  return useQuery({ queryKey: catalog.catalogKeys.settings, queryFn: () => catalog.fetchSettings(api) });
}

export function useChangeSettings() {
  const api = useApi();
  return useCatalogChange((body: SettingsChanges) => catalog.changeSettings(api, body), [catalog.catalogKeys.settings]);
}
