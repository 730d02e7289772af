"""The demo plan's words in English (see services/demo/plan.py for the story)."""

from __future__ import annotations

from crmgov.services.demo.plan import ItemText, PlanDemoText, ThreadText

It = ItemText
TEXT = PlanDemoText(
    items=(
        It("Finance owns payment and credit terms",
          "Move master-data maintenance from sales to the finance clerk; merge duplicates.",
          "Payment terms: duplicates and errors", "27%", "under 5%"),
        It("Phone and position on every contact",
          "Make both fields mandatory on new contacts; backfill key accounts first.",
          "Contacts: phone and position, records with an error", "1.7%", "under 1%"),
        It("Certification for every new hire in week one",
          "HR books the certification quiz (system and process) before access is granted.",
          "Share of staff working in the CRM who hold a valid certificate", "80%", "100%"),
        It("Revise SOPs yearly with the front line",
          "Each SOP owner walks the process with its users once a year, then retrains:",
          "SOPs reviewed in the last 12 months", "6 of 10", "10 of 10"),
        It("Funnel and win/loss analysis instead of a sales ledger",
          "Monthly sales meetings run from the CRM's funnel, win/loss and stage reports.",
          "Monthly sales meetings run from CRM reports", "0 of 12", "12 of 12"),
        It("ERP order and invoice interface",
          "Phase 3: order sync and invoice status visible to sales.",
          "Orders keyed twice (CRM and ERP)", "all", "none"),
        It("Field service on mobile",
          "Engineers close service cases on site with photos (deferred from the rollout).",
          "Service cases closed on site", "0%", "70%"),
        It("Written handling of special cases",
          "Two legal entities on one site, sealed tenders, second-hand warranty: one page "
          "each on how the company handles them without the consultant.",
          "Special cases with a written procedure", "0 of 3", "3 of 3"),
        It("Opportunity stage conversion dashboard",
          "Conversion per stage, per region and per rep, reviewed monthly.",
          "Regions reviewing stage conversion monthly", "0 of 3", "3 of 3"),
        It("Performance measures tied to CRM use",
          "Timeliness, key-field completeness and conversion in quarterly reviews.",
          "Quarterly reviews using CRM measures", "0", "4 a year"),
        It("Forecasting in several currencies",
          "Deferred at rollout: export forecasts in USD and EUR next to CNY.",
          "Export opportunities forecast in their currency", "0%", "100%"),
        It("Dealer portal",
          "Dealers register leads and see their service cases (deferred scope).",
          "Dealers using the portal", "0 of 40", "30 of 40"),
        It("Customer self-service app",
          "Customers track orders and cases on their phones.",
          "Active customer users", "0", "500"),
        It("Owner readiness: building and checking reports",
          "I run the existing reports but have never built one; learn the report designer "
          "with the vendor and rebuild two reports alone.",
          "Reports built by the owner alone", "0", "2"),
        It("Weekly issue-log review with the consultant",
          "Every open issue analysed and given an owner and a date, one by one.",
          "Open issues older than their window", "14", "0"),
    ),
    signed_goal="under 2%",
    dropped_reason="Sales chose the vendor's standard customer portal; no app of our own.",
    threads=(
        ThreadText(4, "The first draft only replaced the Excel sales ledger with CRM list "
                   "exports: that is the CRM used as a ledger. Plan the analysis the data "
                   "makes possible, or the data has no users.",
                   "Rewritten: funnel, win/loss and stage reports in the monthly meeting.",
                   resolved=True, blind_spot="used only as a ledger", days_ago=40),
        ThreadText(0, "Measure duplicates monthly so the gain is visible.",
                   "Added to SOP-DAT-01: payment terms in the monthly check.", resolved=True,
                   days_ago=35),
        ThreadText(1, "Why tighten the goal from 2% to 1% after signing? 1% is the key-field "
                   "limit, fine, but say how the backfill gets there.", days_ago=6),
        ThreadText(2, "Include the process part of the quiz, not only the screens.",
                   "Both parts are in the quiz bank; HR books both.", days_ago=30),
        ThreadText(None, "The plan manages signed customers only: nothing develops "
                   "prospects or leads. Trade-fair leads decay fast; who qualifies them?",
                   "Marketing owns the leads today; I will ask them for an item in year 2.",
                   blind_spot="prospects ignored", days_ago=8),
        ThreadText(None, "Year 3 was empty in the first draft; thanks for spreading it.",
                   "Moved the dealer portal and forecasting to year 3.", resolved=True,
                   days_ago=38),
    ),
    needs_work=(8, "Define who acts on the conversion figures, and what happens when a "
                   "stage drops."),
    progress={
        0: ("Finance clerk trained; 12 duplicate terms merged.",
            "Sales can no longer create payment terms."),
        2: ("HR checklist updated: quiz before the account is opened.",),
        3: ("6 of 10 SOP owners held their review; 4 SOPs revised and retrained.",),
    },
    owner={
        "process-changes": ("How to retrain everyone after a change without the consultant.",
                            "Agreed: you changed SOP-SAL-02 with me, not yet alone."),
        "data-quality": ("", "Root-cause analysis was always done together; not yet alone."),
        "reports": ("Building a new report; I only run the existing ones.",
                    "Confirmed; it is in the plan now."),
        "integrations": ("The ERP interface mapping: the vendor built it.",
                         "Confirmed. Ask for the mapping document before phase 3 ends."),
        "vendor-support": ("How to test an upgrade before it goes live.", ""),
        "daily-admin": ("", "Seen you do it for three months."),
        "accounts-rights": ("", "Confirmed."),
        "training": ("", "Confirmed."),
        "issue-log": ("", "Confirmed: the log is up to date."),
    },
)
