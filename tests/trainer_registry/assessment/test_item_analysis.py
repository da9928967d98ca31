"""A course team reads which questions of a form work: each item's difficulty,
discrimination and option shares, and the form's KR-20, as the definitions say, from
the core, the command line, the API and the staff page."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from trainer_registry.assessment.item_analysis import item_analysis, response_matrix
from trainer_registry.cli import main

LEARNERS, ITEMS = 420, 24
OPTIONS = ("A", "B", "C", "D")


def generated_responses(seed: int = 17) -> pd.DataFrame:
    """Long rows: learners of varied ability answer items of varied difficulty; about 8 %
    skip each item (some skips as an empty ``chosen``, some as no row at all). Item Q01
    nobody skips; item Q02 everyone who answers gets right (constant score); item Q03's
    option D is almost never chosen."""
    rng = np.random.default_rng(seed)
    ability = rng.normal(size=LEARNERS)
    hardness = rng.normal(size=ITEMS)
    rows = []
    for i in range(LEARNERS):
        for j in range(ITEMS):
            item = f"Q{j + 1:02d}"
            if j > 0 and rng.random() < 0.08:
                if rng.random() < 0.5:
                    rows.append((f"L{i:04d}", item, "", 0))
                continue
            key = OPTIONS[j % 4]
            right = j == 1 or rng.random() < 1 / (1 + np.exp(hardness[j] - 1.5 * ability[i]))
            if right:
                rows.append((f"L{i:04d}", item, key, 1))
                continue
            wrong = [o for o in OPTIONS if o != key]
            rare_d = [0.49, 0.49, 0.02] if j == 2 else None  # Q03's key is C: A, B, D
            chosen = rng.choice(wrong, p=rare_d)
            rows.append((f"L{i:04d}", item, str(chosen), 0))
    return pd.DataFrame(rows, columns=["learner_id", "item_id", "chosen", "correct"])


def expected_by_definition(long: pd.DataFrame) -> dict:
    """The same figures computed differently: a learners x items table with NaN for
    skips, a loop over items, np.corrcoef, and KR-20 written out."""
    answered_rows = long[long["chosen"] != ""]
    table = answered_rows.pivot(index="learner_id", columns="item_id", values="correct")
    table = table.reindex(index=sorted(long["learner_id"].unique())).astype(float)
    totals = table.sum(axis=1, skipna=True)
    items = {}
    for item in table.columns:
        took = table[item].notna()
        x = table.loc[took, item].to_numpy()
        rest = (totals[took] - table.loc[took, item]).to_numpy()
        r = None
        if len(x) >= 2 and x.std() > 0 and rest.std() > 0:
            r = float(np.corrcoef(x, rest)[0, 1])
        shares = answered_rows.loc[answered_rows["item_id"] == item, "chosen"].value_counts(
            normalize=True
        )
        items[item] = {
            "answered": int(took.sum()),
            "difficulty": float(x.mean()),
            "discrimination": r,
            "options": shares.to_dict(),
        }
    complete = table.dropna()
    k = table.shape[1]
    p = complete.mean()
    kr20 = k / (k - 1) * (1 - float((p * (1 - p)).sum()) / complete.sum(axis=1).var(ddof=0))
    alpha = k / (k - 1) * (1 - complete.var(ddof=0).sum() / complete.sum(axis=1).var(ddof=0))
    return {"items": items, "kr20": kr20, "alpha": alpha, "complete": len(complete)}


@pytest.fixture(scope="module")
def responses():
    return generated_responses()


@pytest.fixture(scope="module")
def expected(responses):
    return expected_by_definition(responses)


def _analyse(long: pd.DataFrame, **options):
    matrix = response_matrix(long["learner_id"], long["item_id"], long["chosen"], long["correct"])
    return item_analysis(matrix, **options)


def test_the_generated_form_has_the_cases_it_is_meant_to(responses, expected):
    assert expected["items"]["Q01"]["answered"] == LEARNERS  # nobody skips
    assert expected["items"]["Q02"]["difficulty"] == 1.0  # a constant score
    assert expected["items"]["Q03"]["options"].get("D", 0) < 0.05  # a rare distractor
    assert all(item["answered"] < LEARNERS for q, item in expected["items"].items() if q > "Q01")
    assert 30 < expected["complete"] < LEARNERS


def test_every_figure_matches_the_definitions_to_1e_9(responses, expected):
    result = _analyse(responses)
    assert result.learners == LEARNERS and result.items == ITEMS
    assert result.complete == expected["complete"]
    assert result.kr20 == pytest.approx(expected["kr20"], abs=1e-9)
    assert expected["kr20"] == pytest.approx(expected["alpha"], abs=1e-12)
    assert sorted(item.item_id for item in result.items_detail) == sorted(expected["items"])
    for item in result.items_detail:
        want = expected["items"][item.item_id]
        assert item.answered == want["answered"], item.item_id
        assert item.difficulty == pytest.approx(want["difficulty"], abs=1e-9), item.item_id
        if want["discrimination"] is None:
            assert item.discrimination is None, item.item_id
        else:
            assert item.discrimination == pytest.approx(want["discrimination"], abs=1e-9)
        assert item.options.keys() == want["options"].keys(), item.item_id
        for option, share in want["options"].items():
            assert item.options[option] == pytest.approx(share, abs=1e-9)


def test_flags_name_easy_hard_undiscriminating_items_and_rare_distractors(responses, expected):
    details = {item.item_id: item for item in _analyse(responses).items_detail}
    assert details["Q02"].discrimination is None
    assert {"too_easy", "discrimination_undefined"} <= set(details["Q02"].flags)
    assert "rare_distractor:D" in details["Q03"].flags
    for item_id, want in expected["items"].items():
        flags = set(details[item_id].flags)
        assert ("too_easy" in flags) == (want["difficulty"] > 0.9)
        assert ("too_hard" in flags) == (want["difficulty"] < 0.2)
        r = want["discrimination"]
        assert ("low_discrimination" in flags) == (r is not None and r < 0.2)
        assert "too_few_learners" not in flags


def test_fewer_than_30_learners_are_shown_and_marked_too_few(responses):
    few = responses[responses["learner_id"] < "L0020"]
    result = _analyse(few)
    assert result.learners == 20 and result.too_few
    assert all("too_few_learners" in item.flags for item in result.items_detail)
    assert all(item.difficulty is not None for item in result.items_detail)


def test_undefined_figures_are_none():
    long = pd.DataFrame(
        {
            "learner_id": ["a", "b", "a", "b", "c"],
            "item_id": ["q1", "q1", "q2", "q2", "q3"],
            "chosen": ["A", "A", "B", "", ""],
            "correct": [1, 1, 0, 0, 0],
        }
    )
    result = _analyse(long)
    q1, q2, q3 = result.items_detail
    assert q1.discrimination is None  # everyone right: no variance
    assert q2.answered == 1 and q2.difficulty == 0 and q2.discrimination is None
    assert q3.answered == 0 and q3.difficulty is None and q3.options == {}
    assert result.kr20 is None and result.complete == 0
    assert json.loads(json.dumps(result.as_dict()))["kr20"] is None


# The command line --------------------------------------------------------------------


def _write(tmp_path, long: pd.DataFrame, name="responses.csv"):
    path = tmp_path / name
    long.to_csv(path, index=False)
    return path


def test_the_command_prints_one_json_object_with_the_contracts_shape(
    responses, expected, tmp_path, capsys
):
    path = _write(tmp_path, responses.assign(form="A", phase="pre"))
    assert main(["item-analysis", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"learners", "items", "kr20", "items_detail"} <= out.keys()
    assert out["learners"] == LEARNERS and out["items"] == ITEMS
    assert out["kr20"] == pytest.approx(expected["kr20"], abs=1e-9)
    first = out["items_detail"][0]
    assert {"item_id", "answered", "difficulty", "discrimination", "options", "flags"} <= set(first)
    constant = next(item for item in out["items_detail"] if item["item_id"] == "Q02")
    assert constant["discrimination"] is None
    assert main(["item-analysis", str(path)]) == 0
    table = capsys.readouterr().out
    assert f"{LEARNERS} learners, {ITEMS} items" in table and "Q24" in table


def test_a_file_of_two_phases_is_narrowed_to_one(responses, tmp_path, capsys):
    both = pd.concat([responses.assign(phase="pre"), responses.assign(phase="post")])
    path = _write(tmp_path, both)
    assert main(["item-analysis", str(path), "--json"]) == 2
    assert "choose one with --phase" in capsys.readouterr().err
    assert main(["item-analysis", str(path), "--json", "--phase", "post"]) == 0
    assert json.loads(capsys.readouterr().out)["learners"] == LEARNERS


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("learner_id,item_id,correct\na,q1,1\n", "row 1: missing column(s) chosen"),
        (
            "learner_id,item_id,chosen,correct\na,q1,A,1\nb,q1,B,yes\n",
            "row 3, column 'correct': 'yes' is not 1 or 0",
        ),
        (
            "learner_id,item_id,chosen,correct\na,q1,A,1\nb,q1,B,0\na,q2,C,0\na,q1,B,0\n",
            "row 5, column 'item_id': learner a answers item q1 a second time (first on row 2)",
        ),
        ("learner_id,item_id,chosen,correct\na,,A,1\n", "row 2, column 'item_id': empty"),
        ("learner_id,item_id,chosen,correct\n", "row 2: the file holds no rows"),
    ],
)
def test_bad_input_exits_2_naming_the_row(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert main(["item-analysis", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err


def test_the_reader_trims_ids_so_padded_rows_are_the_same_learner_and_item(tmp_path):
    from trainer_registry.assessment.responses_file import ResponsesFileError, read_responses

    text = "learner_id,item_id,chosen,correct,phase\na,q1,A,1,pre\n a ,q1 ,B,0,post\n"
    frame = read_responses(text.encode(), name="r.csv")
    assert list(frame.columns) == ["learner_id", "item_id", "chosen", "correct", "phase"]
    assert list(frame["learner_id"]) == ["a", "a"] and list(frame["phase"]) == ["pre", "post"]
    with pytest.raises(ResponsesFileError, match=r"row 4, .*learner a answers item q1 a second"):
        read_responses((text + "a , q1,C,0,post\n").encode(), name="r.csv")


def test_the_read_file_gives_the_same_figures_as_the_rows(responses, tmp_path):
    from trainer_registry.assessment.responses_file import read_responses

    padded = responses.assign(learner_id=" " + responses["learner_id"])
    path = _write(tmp_path, padded.iloc[::-1])
    frame = read_responses(path)
    from_file = _analyse(frame).as_dict()
    assert from_file["kr20"] == pytest.approx(_analyse(responses).kr20, abs=1e-12)
    by_item = {item["item_id"]: item for item in from_file["items_detail"]}
    for item in _analyse(responses).items_detail:
        assert by_item[item.item_id]["options"] == pytest.approx(item.options, abs=1e-12)
        assert list(by_item[item.item_id]["options"]) == list(item.options)  # option order
