"""Automatic assignment: a conversation to the first candidate whose capacity the write confirms.

The write is the arbiter. Every assignment is one transaction that moves the conversation
(conditioned on its version), the agent's load (conditioned on staying under capacity) and
the rule's round-robin turn together, so a stale picture of the team can only cost a retry,
never a wrong assignment.
"""

from __future__ import annotations

from dataclasses import dataclass

from switchboard.clock import Clock
from switchboard.errors import AgentAtCapacity, ConcurrentUpdate, NotFound
from switchboard.models import Agent, Connection, ConnectionMode, Conversation, RoutingMethod, Rule, Status
from switchboard.reports.counts import handed_over
from switchboard.routing.choose import Choice, Entry, choose, next_turn, rule_for_members
from switchboard.routing.eligibility import is_eligible
from switchboard.store.conversations import LoadChange, RuleTurn

# One drain gives out at most this many conversations and looks at most at SCAN_LIMIT;
# whatever is left waits for the next drain, which the next freed seat triggers.
MAX_DRAIN = 200
SCAN_LIMIT = 1000
ATTEMPTS = 5


@dataclass
class RoutingDeps:
    conversations: object
    agents: object
    connections: object
    rules: object
    organizations: object
    clock: Clock


class Router:
    """One routing pass over an organization.

    Connections, rules and the team are read once per pass and the team's loads are kept
    up to date as this pass's writes succeed, so draining a queue of 50 costs about one
    write per conversation rather than five requests.
    """

    def __init__(self, org_id: str, deps: RoutingDeps) -> None:
        self.org_id = org_id
        self.deps = deps
        self._team: dict[str, Agent] | None = None
        self._connections: dict[str, Connection] = {}
        self._rules: dict[str, Rule | None] = {}
        self._fallback: tuple[str | None] | None = None

    # ------------------------------------------------------------ what the pass knows

    @property
    def team(self) -> dict[str, Agent]:
        if self._team is None:
            self._team = {a.agent_id: a for a in self.deps.agents.list(self.org_id)}
        return self._team

    def connection(self, connection_id: str) -> Connection:
        if connection_id not in self._connections:
            self._connections[connection_id] = self.deps.connections.get(self.org_id, connection_id)
        return self._connections[connection_id]

    def rule(self, rule_id: str | None) -> Rule | None:
        if not rule_id:
            return None
        if rule_id not in self._rules:
            try:
                self._rules[rule_id] = self.deps.rules.get(self.org_id, rule_id)
            except NotFound:
                self._rules[rule_id] = None
        return self._rules[rule_id]

    def fallback_agent_id(self) -> str | None:
        if self._fallback is None:
            self._fallback = (self.deps.organizations.get(self.org_id).settings.fallback_agent_id,)
        fallback = self._fallback[0]
        return fallback if fallback in self.team else None

    def anyone_can_take_more(self) -> bool:
        now = self.deps.clock.now()
        return any(is_eligible(a, now) for a in self.team.values())

    def forget(self) -> None:
        """Read everything afresh: a write found the picture stale."""
        self._team = None
        self._connections.clear()
        self._rules.clear()

    # ------------------------------------------------------------ routing

    def route(self, conv: Conversation) -> Conversation | None:
        """Assign a waiting conversation as read at `conv.version`; None leaves it waiting.

        Raises ConcurrentUpdate when the conversation changed since it was read.
        """
        connection = self.connection(conv.connection_id)
        team = list(self.team.values())
        if connection.mode == ConnectionMode.ONLY_ME and connection.connected_by in self.team:
            return self._assign(conv, connection.connected_by, within_capacity=False)
        if len(team) == 1:
            # A one-person organization has no queue: everything goes to that person.
            return self._assign(conv, team[0].agent_id, within_capacity=False)
        choice = self.choice(conv, connection)
        rule = self.rule(connection.rule_id)
        number = next_turn(rule, team) if _keeps_turns(rule) else None
        for agent in choice.candidates:
            turn = RuleTurn(agent.agent_id, {**agent.turns, rule.rule_id: number}) if number else None
            try:
                return self._assign(conv, agent.agent_id, within_capacity=True, turn=turn)
            except AgentAtCapacity:
                # Another assignment filled this agent first; try the next one.
                self.team[agent.agent_id] = agent.model_copy(update={"load": agent.capacity})
        fallback = self.fallback_agent_id()
        if choice.nobody_online and fallback and not (rule and rule.method == RoutingMethod.SELF_CLAIM):
            # Nobody who could answer is online: the organization's stand-in holds it meanwhile.
            return self._assign(conv, fallback, within_capacity=False)
        return None

    def choice(self, conv: Conversation, connection: Connection) -> Choice:
        rule = self.rule(connection.rule_id)
        team = list(self.team.values())
        members, method, last = rule_for_members(rule, team)
        return choose(
            members, team, self.deps.clock.now(), method=method, last_assigned_agent_id=last,
            entry=Entry(group=conv.entry_group, page=conv.entry_page), preferred_agent_id=conv.previous_assignee_id,
        )

    def _assign(self, conv: Conversation, agent_id: str, *, within_capacity: bool, turn: RuleTurn | None = None) -> Conversation:
        connection = self.connection(conv.connection_id)
        assigned = conv.model_copy(update={"assignee_id": agent_id, "status": Status.OPEN, "rule_id": connection.rule_id})
        saved = self.deps.conversations.save(
            assigned,
            expected_version=conv.version,
            load_changes=(LoadChange(conv.org_id, agent_id, +1, within_capacity=within_capacity),),
            rule_turn=turn,
            service_counts=handed_over(conv, assigned, self.deps.clock.now()),
        )
        self.took_one(agent_id, turn)
        return saved

    def took_one(self, agent_id: str, turn: RuleTurn | None = None) -> None:
        """Keep the pass's picture in step with a write that succeeded."""
        agent = self.team.get(agent_id)
        if agent is not None:
            update = {"load": agent.load + 1} | ({"turns": turn.turns} if turn is not None else {})
            self.team[agent_id] = agent.model_copy(update=update)

    def gave_one_up(self, agent_id: str | None) -> None:
        agent = self.team.get(agent_id or "")
        if agent is not None:
            self.team[agent.agent_id] = agent.model_copy(update={"load": max(agent.load - 1, 0)})


def _keeps_turns(rule: Rule | None) -> bool:
    return rule is not None and rule.method == RoutingMethod.ROUND_ROBIN


def _is_waiting(conv: Conversation) -> bool:
    return conv.status == Status.UNASSIGNED and conv.assignee_id is None


def route_waiting(router: Router, conv: Conversation | None, conversation_id: str) -> Conversation | None:
    """Route one waiting conversation, reading it again whenever someone changed it first."""
    deps = router.deps
    for attempt in range(ATTEMPTS):
        if conv is None or attempt > 0:
            try:
                conv = deps.conversations.get(router.org_id, conversation_id)
            except NotFound:
                return None
        if not _is_waiting(conv):
            return conv
        try:
            return router.route(conv)
        except ConcurrentUpdate:
            if attempt > 0:
                router.forget()  # a rule may have changed under us, not only the conversation
    return None


def assign_conversation(org_id: str, conversation_id: str, deps: RoutingDeps) -> Conversation | None:
    """Assign a waiting conversation if someone can take it; otherwise it stays in the queue."""
    return route_waiting(Router(org_id, deps), None, conversation_id)


def drain_queue(org_id: str, deps: RoutingDeps, router: Router | None = None) -> int:
    """Give waiting conversations out, oldest first, until nobody can take the next one."""
    router = router or Router(org_id, deps)
    assigned = scanned = 0
    pages = deps.conversations.inbox_pages(org_id, "Q", page_size=50, newest_first=False)
    while assigned < MAX_DRAIN and scanned < SCAN_LIMIT:
        if not router.anyone_can_take_more() and router.fallback_agent_id() is None:
            return assigned  # nobody can take one: stop rather than read the whole queue
        waiting = next(pages, None)
        if waiting is None:
            return assigned
        for conv in waiting:
            scanned += 1
            # Connections route through different rules, so one that found nobody does not stop the rest.
            result = route_waiting(router, conv, conv.conversation_id)
            if result is not None and result.assignee_id is not None and conv.assignee_id is None:
                assigned += 1
    return assigned
