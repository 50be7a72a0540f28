"""Service reports (console function): read from day counters, never by scanning conversations."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Literal

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from switchboard import wiring
from switchboard.api.auth import actor_of
from switchboard.api.http import MAX_ID_CHARS
from switchboard.api.responses import ServiceReportOut
from switchboard.clock import current_clock
from switchboard.reports.service import MAX_DAYS, ServiceReport, service_report


def _rate(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def report_view(report: ServiceReport, *, agent_id: str | None, days: int) -> dict:
    view: dict = {
        "response_rate_24h": _rate(report.response_rate_24h),
        "late_response_rate": _rate(report.late_response_rate),
        "csat": _rate(report.csat),
        "received_today": report.received_today,
        "first_response_seconds_median": report.first_response_seconds_median,
        "health": report.health,
        # Beyond API.md: what the report covers, and the sizes behind the rates.
        "agent_id": agent_id,
        "days": days,
        "waits_counted": report.waits_ended,
        "ratings_counted": report.rated,
    }
    if report.series is not None:
        view["series"] = [
            {"day": d.day.isoformat(), "response_rate_24h": _rate(d.response_rate_24h),
             "late_response_rate": _rate(d.late_response_rate), "csat": _rate(d.csat), "received": d.received}
            for d in report.series
        ]
    return view


def routes() -> APIGatewayHttpRouter:
    router = APIGatewayHttpRouter()

    @router.get("/reports/service", summary="Service report of the organization, or of one agent, over the last days")
    def get_service_report(
        agent_id: Annotated[str | None, Query(max_length=MAX_ID_CHARS, description="empty: the organization")] = None,
        days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 7,
        by: Annotated[Literal["day"] | None, Query(description="day: add each day's figures (series) for charts")] = None,
    ) -> ServiceReportOut:
        agent_id = agent_id or None  # `?agent_id=` (empty) asks for the organization, as API.md writes it
        report = service_report(
            actor_of(router), agent_id, days, stats=wiring.stats(), agents=wiring.agents(), clock=current_clock(),
            by_day=by == "day",
        )
        return report_view(report, agent_id=agent_id, days=days)

    return router
