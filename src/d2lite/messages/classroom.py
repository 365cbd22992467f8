"""Messages of the classroom: student copies, `d2lite notebooks` and `d2lite grade`."""

TEXT: dict[str, tuple[str, str]] = {
    "grade.no_such_submission": (
        "{path} is neither a notebook nor a folder of notebooks",
        "{path} 既不是笔记本，也不是存放笔记本的文件夹",
    ),
    "grade.nothing_found": (
        "no notebooks (.ipynb) found in {paths}; nothing was graded",
        "在 {paths} 中没有找到笔记本（`.ipynb`），没有评分",
    ),
    "grade.status_finished": ("finished", "运行完毕"),
    "grade.status_timeout": (
        "stopped after {seconds} s (time limit)",
        "超过时间限制，{seconds} 秒后被终止",
    ),
    "grade.status_kernel_died": ("the kernel died", "内核意外退出"),
    "grade.status_error": ("could not run: {detail}", "无法运行：{detail}"),
    "grade.column_student": ("student", "学生"),
    "grade.column_notebook": ("notebook", "笔记本"),
    "grade.column_exercise": ("exercise", "练习"),
    "grade.column_passed": ("passed", "通过"),
    "grade.column_total": ("total", "用例数"),
    "grade.column_first_failure": ("first failure", "第一个未通过的用例"),
    "grade.column_status": ("status", "运行状态"),
    "grade.summary": (
        "graded {notebooks} notebook(s) of {students} student(s) in {seconds:.1f} s: "
        "{passed} of {checks} check(s) passed all their cases",
        "已为 {students} 名学生的 {notebooks} 个笔记本评分，用时 {seconds:.1f} 秒："
        "{checks} 次检查中有 {passed} 次通过了全部用例",
    ),
    "grade.csv_written": ("results written to {path}", "结果已写入 {path}"),
    # student copies and `d2lite notebooks`
    "handout.check_comment": (
        "# checks your answer; its score (the share of cases passed) is what a grader counts",
        "# 检查你的答案；结果是通过的用例所占的比例，评分时按它计分",
    ),
    "classroom.removed": (
        "left out of the student copies: {answers} written answers (<details> blocks), "
        "{solutions} solutions (each now a stub that raises NotImplementedError) and "
        "{test_cells} cells that only test; each of the {checks} exercise checks stays, in a "
        "cell of its own that nbgrader grades",
        "学生版中删去了：{answers} 个书面练习的答案（`<details>` 块）、{solutions} 个解答"
        "（都换成了引发 `NotImplementedError` 的占位代码）以及 {test_cells} 个只做测试的单元格；"
        "{checks} 个练习检查都保留着，各在一个 `nbgrader` 可以评分的单元格里",
    ),
    "classroom.kept_answers": (
        "the written answers were kept (--keep-answers)",
        "书面练习的答案保留了（`--keep-answers`）",
    ),
    "classroom.open_lab": ("open them with: {command}", "用以下命令打开它们：{command}"),
    "classroom.no_jupyter": (
        "to open them, install JupyterLab into this Python: {install}, then run {command} "
        "(or open the folder in an editor that runs notebooks, such as VS Code)",
        "要打开它们，请先在这个 Python 中安装 JupyterLab：{install}，然后运行 {command}"
        "（也可以用能运行笔记本的编辑器打开这个文件夹，例如 `VS Code`）",
    ),
    "grade.needs_nbclient": (
        "d2lite grade runs notebooks, which needs nbclient and ipykernel in this Python: {install}",
        "`d2lite grade` 需要运行笔记本，这要求这个 Python 中装有 `nbclient` 和 `ipykernel`："
        "{install}",
    ),
    "grade.help": (
        "run submitted notebooks, each in a fresh kernel, and collect their checks' results",
        "运行学生提交的笔记本（每个都在新的内核中），收集其中各个检查的结果",
    ),
    "grade.help_submissions": (
        "notebooks, or folders of them (the first folder below names the student)",
        "笔记本，或存放笔记本的文件夹（其下第一层文件夹的名字就是学生的名字）",
    ),
    "grade.help_timeout": (
        "seconds one notebook may run (default: {default})",
        "每个笔记本最多运行的秒数（默认：{default}）",
    ),
    "grade.help_jobs": (
        "notebooks run at once (default: the number of CPUs)",
        "同时运行的笔记本个数（默认：CPU 的个数）",
    ),
    "grade.help_out": ("write the results as CSV to this file", "把结果以 CSV 格式写入这个文件"),
    "grade.help_strict": (
        "fail answers that call the library's ready-made version of the piece being written",
        "调用了现成实现（库中的同名函数）的答案算作不通过",
    ),
    "grade.bad_jobs": (
        "--jobs must be 1 or more, got {jobs}",
        "`--jobs` 至少为 1，得到的是 {jobs}",
    ),
    "grade.bad_timeout": (
        "--timeout must be a positive number of seconds, got {timeout}",
        "`--timeout` 必须是正的秒数，得到的是 {timeout}",
    ),
    "notebooks.help_keep_answers": (
        "with --student: keep the written exercises' answers",
        "与 `--student` 一起使用：保留书面练习的答案",
    ),
    "grade.help_progress": (
        "show a progress bar over the submissions on stderr (default: only on a terminal)",
        "在标准错误输出上显示按提交计的进度条（默认：仅当它是终端时）",
    ),
}
