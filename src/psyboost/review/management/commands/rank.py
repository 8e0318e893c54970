"""``psyboost rank YEAR``: print the ranking of a call, one line per application, identical on every run."""

from django.core.management.base import BaseCommand, CommandError

from psyboost.calls.models import Call
from psyboost.review.models import Stage
from psyboost.review.services import results


class Command(BaseCommand):
    help = "打印某年度的评审排名（每行一个申报：排名、编号、单位、各环节得分、最终得分）。"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year, **options):
        call = Call.objects.filter(year=year).first()
        if call is None:
            raise CommandError(f"没有 {year} 年度的评选。")
        ranking = results.ranking_of(call)
        for line in results.lines_of(call, ranking, call.quota):
            parts = [f"{line.row.rank:>3}", line.application.display_number, line.application.unit.name]
            for stage, figure in zip(ranking.settings.stages, line.stages, strict=True):
                label = Stage(stage).label
                parts.append(f"{label} {figure.value}（{len(figure.reviews)}）" if figure else f"{label} —")
            parts.append(f"最终 {line.row.final.value}")
            self.stdout.write("\t".join(parts))
            if line.row.rank == call.quota and line.row.rank < len(ranking.rows):
                self.stdout.write(f"---- 名额线 {call.quota} ----")
        self.stdout.write(f"名额 {call.quota}，助推资金总额 {results.money(call.grant_total)} 元")
