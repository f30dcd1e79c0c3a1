# storydesk: `make run` opens the app on the bundled demo catalog; `make test` runs the test suite.
# Both set up everything first (system packages, Python 3.14, .venv): see tools/setup.sh.
.PHONY: setup run test bench package screenshot clean

setup:
	@bash tools/setup.sh

run: setup
	.venv/bin/storydesk $(ARGS)

test: setup
	.venv/bin/python -m pytest $(PYTEST_ARGS)

bench: setup
	.venv/bin/python benchmarks/run.py $(BENCH_ARGS)

package: setup
	bash tools/package.sh

screenshot: setup
	.venv/bin/python tools/screenshot.py

clean:
	rm -rf .venv .python .python-apt .pytest_cache build dist
