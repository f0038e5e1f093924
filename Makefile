# Two commands: `make run` serves the app with demo data; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
PORT   ?= 8501
DEMO_RESPONSES ?= 5000

.PHONY: run test install demo bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

data/staff-pin:
	mkdir -p data
	$(PYTHON) -c "import secrets; print(f'{secrets.randbelow(10**6):06d}')" > $@

data/admin-password:
	mkdir -p data
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(12))" > $@
	chmod 600 $@

run: $(STAMP) data/staff-pin data/admin-password
	$(BIN)/python -m db upgrade
	$(BIN)/python -m survey demo --responses $(DEMO_RESPONSES) --if-empty
	$(BIN)/python -m db create-user admin --role admin --organisation midshire-police \
	  --name "Demo administrator" --password-file data/admin-password --if-missing
	@echo
	@echo "  Survivor survey: http://localhost:$(PORT)/survey"
	@echo "  Staff pages:     http://localhost:$(PORT)/   (sign in as admin, password: $$(cat data/admin-password))"
	@echo "  Kiosk PIN:       $${FEEDBACK_STAFF_PIN:-$$(cat data/staff-pin)}   (to leave kiosk mode on a tablet)"
	@echo
	FEEDBACK_STAFF_PIN=$${FEEDBACK_STAFF_PIN:-$$(cat data/staff-pin)} \
	  $(BIN)/streamlit run streamlit_app.py --server.port $(PORT) --server.headless true

test: $(STAMP)
	$(BIN)/python -m pytest tests -q

demo: $(STAMP)
	$(BIN)/python -m db upgrade
	$(BIN)/python -m survey demo --responses $(DEMO_RESPONSES)

bench: $(STAMP)
	for script in bench/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache tests/screenshots
