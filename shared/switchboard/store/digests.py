"""How far each agent's hourly digests have covered: one mark per agent, moved only with a condition."""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, PutError

from switchboard.store import keys
from switchboard.store.table import DigestMarkItem


class DigestMarkRepository:
    def marks(self, org_id: str) -> dict[str, datetime]:
        """Each agent's mark (the end of what their last digest covered); agents never sent one are absent."""
        query = DigestMarkItem.query(
            keys.org_pk(org_id), DigestMarkItem.SK.startswith(keys.DIGEST_PREFIX), consistent_read=True
        )
        return {item.agent_id: item.sent_until for item in query}

    def advance(self, org_id: str, agent_id: str, *, previous: datetime | None, until: datetime) -> bool:
        """Move the agent's mark from `previous` (None: no mark yet) to `until`; False if it is no longer
        at `previous` (another digest run moved it first)."""
        item = DigestMarkItem(keys.org_pk(org_id), keys.digest_sk(agent_id), agent_id=agent_id, sent_until=until)
        try:
            item.save(condition=_still_at(previous))
        except PutError as error:
            if _condition_failed(error):
                return False
            raise
        return True

    def give_back(self, org_id: str, agent_id: str, *, until: datetime, previous: datetime | None) -> None:
        """Undo `advance` (a digest that could not be sent), unless another run moved the mark meanwhile."""
        try:
            if previous is None:
                DigestMarkItem(keys.org_pk(org_id), keys.digest_sk(agent_id)).delete(condition=_still_at(until))
            else:
                DigestMarkItem(keys.org_pk(org_id), keys.digest_sk(agent_id), agent_id=agent_id,
                               sent_until=previous).save(condition=_still_at(until))
        except (PutError, DeleteError) as error:
            if not _condition_failed(error):
                raise


def _still_at(mark: datetime | None):
    if mark is None:
        return DigestMarkItem.PK.does_not_exist()
    return DigestMarkItem.sent_until == mark


def _condition_failed(error: Exception) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"
