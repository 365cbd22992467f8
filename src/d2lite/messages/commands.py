"""Messages of the `d2lite` command ("cli.*") and of the notebook copies ("handout.*").

(English, Chinese) pairs: the help texts of the command's own options, its argument
errors, every line its subcommands print and the one-line errors they end with, and the
messages of `d2lite.handout` (copying the notebooks, student copies and their stub).
"""

TEXT: dict[str, tuple[str, str]] = {
    # argument types (argparse prints "usage ... error: argument --x: <message>")
    "cli.not_whole_number": ("{text!r} is not a whole number", "{text!r} 不是整数"),
    "cli.at_least": ("must be >= {minimum}, got {value}", "必须 >= {minimum}，得到的是 {value}"),
    "cli.seed_max": (
        "must be at most {maximum} (2**32 - 1), got {value}",
        "最大为 {maximum}（2**32 - 1），得到的是 {value}",
    ),
    "cli.empty_folder": (
        "must not be empty; give a folder such as ../data",
        "不能为空；请给出一个文件夹，例如 `../data`",
    ),
    "cli.not_a_number": ("{text!r} is not a number", "{text!r} 不是数"),
    "cli.not_positive": ("must be a positive number, got {text}", "必须是正数，得到的是 {text}"),
    "cli.not_training_device": (
        "{text!r} is not a device that can train; use 'cpu', 'cuda', 'cuda:N' or 'mps'",
        "{text!r} 不是能用来训练的设备；请用 'cpu'、'cuda'、'cuda:N' 或 'mps'",
    ),
    # help texts of the command's own options and subcommands
    "cli.description": (
        "Train the linear-networks chapter's models of Dive into Deep Learning, manage the "
        "Fashion-MNIST files, hand out the notebooks, and show the set-up.",
        "训练《动手学深度学习》线性神经网络一章的模型，管理 Fashion-MNIST 文件，分发笔记本，"
        "并显示当前环境。",
    ),
    "cli.help_traceback": (
        "show the full traceback on errors (or set {env}=1)",
        "出错时显示完整的回溯信息（也可以设置 {env}=1）",
    ),
    "cli.help_lang": (
        "the language of the messages: en (English) or zh (Chinese); default: "
        "$D2LITE_LANG, else the system's language",
        "消息的语言：'en'（英文）或 'zh'（中文）；默认取 `$D2LITE_LANG`，否则取系统的语言",
    ),
    "cli.help_data_root": (
        "folder that holds FashionMNIST/raw/ (default: $D2LITE_DATA, else the checkout's data/ "
        "folder, else ~/.d2lite/data)",
        "存放 `FashionMNIST/raw/` 的文件夹（默认取 `$D2LITE_DATA`，否则取源码目录下的 `data/` "
        "文件夹，否则取 `~/.d2lite/data`）",
    ),
    "cli.help_train": ("train one of the chapter's models", "训练本章的一个模型"),
    "cli.description_train": (
        "Train a model with live progress, print per-epoch metrics and the final result, and "
        "save the training curves as a PNG.",
        "训练一个模型并实时显示进度，打印每一轮的指标和最终结果，并把训练曲线保存为 PNG 图片。",
    ),
    "cli.help_model": ("one of: {models}", "以下之一：{models}"),
    "cli.help_epochs": (
        "number of epochs (default: 3 linear, 10 softmax)",
        "迭代周期数（默认：线性回归 3，softmax 回归 10）",
    ),
    "cli.help_lr": (
        "learning rate (default: 0.03 linear, 0.1 softmax)",
        "学习率（默认：线性回归 0.03，softmax 回归 0.1）",
    ),
    "cli.help_batch_size": (
        "minibatch size (default: 10 linear, 256 softmax)",
        "小批量的批量大小（默认：线性回归 10，softmax 回归 256）",
    ),
    "cli.help_device": (
        "cpu, cuda, cuda:N or mps (default: $D2LITE_DEVICE, else CUDA, MPS, CPU)",
        "'cpu'、'cuda'、'cuda:N' 或 'mps'（默认取 `$D2LITE_DEVICE`，否则依次为 CUDA、MPS、CPU）",
    ),
    "cli.help_seed": ("random seed (default: 0)", "随机种子（默认：0）"),
    "cli.help_out": (
        "where to save the training curves (default: out/MODEL.png; .png is added to a name "
        "without suffix; an existing file is replaced only if it is an image)",
        "训练曲线的保存位置（默认：`out/MODEL.png`；没有后缀的文件名会加上 `.png`；"
        "已有的文件只有是图片时才会被替换）",
    ),
    "cli.help_progress_train": (
        "show progress bars on stderr (default: only when it is a terminal); the per-epoch "
        "lines print either way",
        "在标准错误输出上显示进度条（默认：仅当它是终端时）；每一轮的结果行总会打印",
    ),
    "cli.help_no_download": (
        "fail instead of downloading Fashion-MNIST when the files are missing",
        "文件缺失时报错，而不是下载 Fashion-MNIST",
    ),
    "cli.help_info": (
        "show versions, the device that would be used and the data root",
        "显示版本、将要使用的设备和数据根目录",
    ),
    "cli.help_data": (
        "show, check, download or import the Fashion-MNIST files",
        "查看、检查、下载或导入 Fashion-MNIST 文件",
    ),
    "cli.description_data": (
        "Manage the four Fashion-MNIST files in <data root>/FashionMNIST/raw/.",
        "管理数据根目录下 `FashionMNIST/raw/` 中的四个 Fashion-MNIST 文件。",
    ),
    "cli.help_status": (
        "show the data root and which files are there, with their sizes",
        "显示数据根目录，以及已有哪些文件和它们的大小",
    ),
    "cli.help_verify": (
        "check the files against the published md5 checksums (exit 1 if any is wrong)",
        "用公布的 `MD5` 校验和检查这些文件（有文件不对时退出码为 1）",
    ),
    "cli.help_download": (
        "download the files that are missing or wrong",
        "下载缺失或不正确的文件",
    ),
    "cli.help_progress_download": (
        "show progress bars on stderr (default: only when it is a terminal)",
        "在标准错误输出上显示进度条（默认：仅当它是终端时）",
    ),
    "cli.help_import": (
        "install files downloaded by hand (a folder, a .zip, or .gz files)",
        "安装手动下载的文件（一个文件夹、一个 `.zip` 文件或若干 `.gz` 文件）",
    ),
    "cli.description_import": (
        "Check Fashion-MNIST files you downloaded yourself (a browser, a course page, a USB "
        "stick) against the published md5s and install them into the data root, all together "
        "or none.",
        "用公布的 `MD5` 校验和检查你自己下载的 Fashion-MNIST 文件（来自浏览器、课程网页或 U 盘），"
        "并把它们安装到数据根目录：要么全部安装，要么一个也不安装。",
    ),
    "cli.help_import_paths": (
        "a folder (searched inside), a .zip file, or the files (raw or .gz)",
        "一个文件夹（会在其中查找）、一个 `.zip` 文件，或这些文件本身（原始文件或 `.gz`）",
    ),
    "cli.help_notebooks": (
        "copy the chapter's notebooks into a folder (student copies for a class)",
        "把本章的笔记本复制到一个文件夹（也可以为课堂生成学生版）",
    ),
    "cli.description_notebooks": (
        "Copy the notebooks that ship with d2lite into DEST, to work through the chapter or to "
        "hand out to a class.",
        "把随包附带的笔记本复制到 DEST，用来学习本章，或分发给课堂上的学生。",
    ),
    "cli.help_dest": ("the folder to copy them into", "要复制到的文件夹"),
    "cli.help_notebooks_lang": (
        "English (en) or Chinese (zh) notebooks and messages (default: the language of the "
        "messages)",
        "英文（'en'）或中文（'zh'）的笔记本和消息（默认：与消息的语言相同）",
    ),
    "cli.help_student": (
        "clear outputs, remove the test scaffolding and replace exercise solutions by a stub, "
        "for handing out",
        "清除输出、删去测试用的代码，并把练习的答案换成待填写的代码桩，用于分发给学生",
    ),
    "cli.help_force": (
        "overwrite notebooks that already exist in DEST",
        "覆盖 DEST 中已有的笔记本",
    ),
    # how the command ends
    "cli.interrupted": ("{prog}: interrupted", "{prog}：已中断"),
    "cli.error_line": ("{prog}: error: {message}", "{prog}：错误：{message}"),
    # train
    "cli.bad_out": ("argument --out: {error}", "参数 `--out`：{error}"),
    "cli.epochs_one": ("{n} epoch", "{n} 轮"),
    "cli.epochs_many": ("{n} epochs", "{n} 轮"),
    "cli.device_by_option": ("set by --device", "由 `--device` 指定"),
    "cli.training": (
        "training {model} on {device} ({why}): {epochs}, lr {lr:g}, batch size {batch_size}",
        "在 {device} 上训练 {model}（{why}）：{epochs}，学习率 {lr:g}，批量大小 {batch_size}",
    ),
    "cli.epoch_loss": ("epoch {epoch}, loss {loss:f}", "第 {epoch} 轮，损失 {loss:f}"),
    "cli.diverged": (
        "the loss became {loss} in epoch {epoch}; {advice}",
        "第 {epoch} 轮的损失变成了 {loss}；{advice}",
    ),
    "cli.error_w": ("error in w: {errors}", "w 的估计误差：{errors}"),
    "cli.error_b": ("error in b: {error:.6f}", "b 的估计误差：{error:.6f}"),
    "cli.saved_curve": ("saved the training curve to {path}", "训练曲线已保存到 {path}"),
    "cli.saved_curves": ("saved the training curves to {path}", "训练曲线已保存到 {path}"),
    "cli.data_folder": ("data: {folder} ({source})", "数据：{folder}（{source}）"),
    "cli.no_download_missing": (
        "Fashion-MNIST is not in {folder}: missing {names}, and --no-download was given. Run "
        "`d2lite data download`, or `d2lite data import PATH` with files downloaded by hand, or "
        "leave out --no-download; --data-root (or {env}) points to a copy kept elsewhere",
        "{folder} 中没有 Fashion-MNIST：缺少 {names}，而命令带有 `--no-download`。请运行 "
        "`d2lite data download`，或用 `d2lite data import PATH` 安装手动下载的文件，或去掉 "
        "`--no-download`；`--data-root`（或 {env}）可以指向保存在别处的一份数据",
    ),
    "cli.final": (
        "final: train loss {loss:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}",
        "最终结果：训练损失 {loss:.3f}，训练精度 {train_acc:.3f}，测试精度 {test_acc:.3f}",
    ),
    "cli.speed": (
        "{seconds:.1f} s in all ({rate:,.0f} training examples/s on {device})",
        "共用时 {seconds:.1f} 秒（在 {device} 上每秒训练 {rate:,.0f} 个样本）",
    ),
    # info
    "cli.row_cpu_threads": ("CPU threads", "CPU 线程"),
    "cli.row_device": ("device", "设备"),
    "cli.row_data_root": ("data root", "数据根目录"),
    "cli.row_folder": ("folder", "文件夹"),
    "cli.cpu_threads": (
        "{used} used by torch for CPU work, of {cpus} CPUs (torch.set_num_threads(1) helps when "
        "other programs keep the CPUs busy)",
        "torch 用 {used} 个线程做 CPU 计算，本机共有 {cpus} 个 CPU（其他程序占用 CPU 时，"
        "`torch.set_num_threads(1)` 会有帮助）",
    ),
    "cli.torch_cuda": (
        "CUDA {cuda} build, {count} CUDA device(s) visible",
        "CUDA {cuda} 版本，可见 {count} 个 CUDA 设备",
    ),
    "cli.torch_cpu": ("CPU-only build", "仅支持 CPU 的版本"),
    "cli.device_invalid": ("invalid: {error}", "无效：{error}"),
    "cli.info_missing": (
        "{missing} of {total} files missing ({names}); run `d2lite data download`",
        "{total} 个文件中缺少 {missing} 个（{names}）；请运行 `d2lite data download`",
    ),
    "cli.info_present": (
        "all {total} files present (`d2lite data verify` checks them)",
        "{total} 个文件都在（`d2lite data verify` 可以检查它们）",
    ),
    # the data root
    "cli.source_option": ("from --data-root", "来自 `--data-root`"),
    "cli.source_env": ("from the environment variable {env}", "来自环境变量 {env}"),
    "cli.source_default": (
        "the default; set {env} or --data-root",
        "默认位置；可以设置 {env} 或 `--data-root`",
    ),
    "cli.root_is_file": (
        "{path} is a file, not a folder, so it cannot hold Fashion-MNIST (data root {root}, "
        "{source}); point --data-root or {env} at a folder, or move that file away",
        "{path} 是一个文件而不是文件夹，无法存放 Fashion-MNIST（数据根目录 {root}，{source}）；"
        "请让 `--data-root` 或 {env} 指向一个文件夹，或把这个文件移走",
    ),
    # data status, verify, download, import
    "cli.size": ("{size:,} bytes ({amount})", "{size:,} 字节（{amount}）"),
    "cli.file_present": ("present, {size}", "已有，{size}"),
    "cli.file_missing": ("missing", "缺失"),
    "cli.status_missing": (
        "{missing} of {total} files missing; `d2lite data download` fetches them, or "
        "`d2lite data import PATH` installs files downloaded by hand",
        "{total} 个文件中缺少 {missing} 个；`d2lite data download` 会下载它们，"
        "`d2lite data import PATH` 可以安装手动下载的文件",
    ),
    "cli.status_present": (
        "all {total} files present; `d2lite data verify` checks their checksums",
        "{total} 个文件都在；`d2lite data verify` 可以检查它们的校验和",
    ),
    "cli.verify_checking": (
        "checking {folder} against the published md5 checksums",
        "正在用公布的 `MD5` 校验和检查 {folder}",
    ),
    "cli.verify_wrong": ("WRONG: {problem}", "不正确：{problem}"),
    "cli.verify_ok": ("ok", "正确"),
    "cli.verify_failed": (
        "{bad} of {total} Fashion-MNIST files are missing or wrong ({names}); "
        "`d2lite data download` replaces them",
        "{total} 个 Fashion-MNIST 文件中有 {bad} 个缺失或不正确（{names}）；"
        "`d2lite data download` 会替换它们",
    ),
    "cli.verify_all_correct": ("all {total} files are correct", "{total} 个文件都正确"),
    "cli.download_nothing": (
        "all four files are already in {folder} and correct; nothing to download",
        "四个文件都已在 {folder} 中且都正确；无需下载",
    ),
    "cli.downloading": ("downloading {names} into {folder}", "正在下载 {names} 到 {folder}"),
    "cli.download_done": (
        "done: the four files are in {folder}",
        "完成：四个文件都已在 {folder} 中",
    ),
    "cli.importing": ("importing into {folder} from {paths}", "正在从 {paths} 导入到 {folder}"),
    "cli.imported": (
        "installed {names}; all four files are in {folder} and correct",
        "已安装 {names}；四个文件都已在 {folder} 中且都正确",
    ),
    "cli.import_nothing": (
        "all four files were already in {folder} and correct; nothing to install",
        "四个文件原本就已在 {folder} 中且都正确；无需安装",
    ),
    # notebooks
    "cli.kind_student": (
        "student copies",
        "学生版笔记本",
    ),
    "cli.kind_notebooks": ("notebooks", "笔记本"),
    "cli.copied": ("copied {n} {kind} into {dest}:", "已将 {n} 个{kind}复制到 {dest}："),
    "cli.kept_backup": (
        "kept a backup of the changed {name} as {backup}",
        "已把改动过的 {name} 备份为 {backup}",
    ),
    "cli.open_with": ("open them with: {command}", "用以下命令打开它们：{command}"),
    # d2lite.handout
    "handout.bad_lang": (
        "lang must be one of {languages}, got {lang!r}; pass 'en' or 'zh'",
        "`lang` 必须是 {languages} 之一，得到的是 {lang!r}；请传入 'en' 或 'zh'",
    ),
    "handout.no_notebooks": (
        "no {lang} notebooks in {folder}: this installation of d2lite does not include them; "
        "reinstall d2lite, or copy them from the project's notebooks/ folder",
        "{folder} 中没有 {lang} 笔记本：当前安装的版本不包含它们；请重新安装，"
        "或从项目的 `notebooks/` 文件夹复制",
    ),
    "handout.unclosed": (
        "a cell has {begin!r} without {end!r}",
        "有一个单元格含有 {begin!r}，却没有 {end!r}",
    ),
    "handout.stub": ("# your code here", "# 在此处编写你的代码"),
    "handout.dest_is_file": (
        "{path} is a file; give a folder to copy the notebooks into",
        "{path} 是一个文件；请给出一个用来存放笔记本的文件夹",
    ),
    "handout.what": ("the notebooks", "笔记本"),
    "handout.blocked_item": ("{path} is {why}", "{path} 是{why}"),
    "handout.blocked_one": (
        "cannot write the notebooks into {dest}: {things}; d2lite writes notebooks only as "
        "plain files and never through links, and nothing was copied. Remove or rename it, or "
        "choose another folder",
        "无法把笔记本写入 {dest}：{things}；笔记本只会作为普通文件写入，绝不经过链接，"
        "因此没有复制任何文件。请删除或重命名它，或者换一个文件夹",
    ),
    "handout.blocked_many": (
        "cannot write the notebooks into {dest}: {things}; d2lite writes notebooks only as "
        "plain files and never through links, and nothing was copied. Remove or rename them, or "
        "choose another folder",
        "无法把笔记本写入 {dest}：{things}；笔记本只会作为普通文件写入，绝不经过链接，"
        "因此没有复制任何文件。请删除或重命名它们，或者换一个文件夹",
    ),
    "handout.exist": (
        "{n} of the notebooks already exist in {dest} ({names}); nothing was copied, so any "
        "work in them is safe. Choose another folder, e.g. {other}",
        "{dest} 中已有 {n} 个同名的笔记本（{names}）；没有复制任何文件，其中的内容都还在。"
        "请换一个文件夹，例如 {other}",
    ),
    "cli.plot_title": (
        "{model}: lr {lr}, batch size {batch}, {n} epochs",
        "{model}：学习率 {lr}，批量大小 {batch}，{n} 轮",
    ),
    "cli.plot_title_one": (
        "{model}: lr {lr}, batch size {batch}, {n} epoch",
        "{model}：学习率 {lr}，批量大小 {batch}，{n} 轮",
    ),
    "cli.plot_loss": ("loss", "损失"),
}
