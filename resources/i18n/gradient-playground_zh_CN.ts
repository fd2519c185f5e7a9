<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <location filename="../../core/config.py" line="+45"/>
        <source>None (linear)</source>
        <extracomment>The ``dataset`` of an experiment on imported data (the rows are in ``ExperimentConfig.data``).</extracomment>
        <translation>无（线性）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Squared error (sum)</source>
        <translation>平方误差（求和）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Mean squared error</source>
        <translation>均方误差 (MSE)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD + momentum 0.9</source>
        <translation>SGD + 动量 0.9</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>a size is missing before the first comma; write sizes like 16, 16</source>
        <extracomment>(lowest, highest) allowed values, shared by validation and the app&apos;s widgets.</extracomment>
        <translation>第一个逗号前缺少层大小；请写成 16, 16 这样</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a size is missing between two commas; write sizes like 16, 16</source>
        <translation>两个逗号之间缺少层大小；请写成 16, 16 这样</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a size is missing after the last comma; write sizes like 16, 16</source>
        <translation>最后一个逗号后缺少层大小；请写成 16, 16 这样</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{text} is not a whole number; write sizes like 16, 16</source>
        <translation>{text} 不是整数；请写成 16, 16 这样</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>must be a list of layer sizes, e.g. [16, 16], got {got}</source>
        <translation>必须是层大小的列表，例如 [16, 16]，实际为 {got}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>must be true or false, got {got}</source>
        <translation>必须是 true 或 false，实际为 {got}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>each layer size must be a whole number from {lo} to {hi}, got {got}</source>
        <translation>每层大小必须是 {lo} 到 {hi} 之间的整数，实际为 {got}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>cross-entropy needs a classification data set; the target {target!r} holds real numbers (use squared error)</source>
        <translation>交叉熵需要分类数据集；目标列 {target!r} 是实数（请用平方误差）</translation>
    </message>
    <message>
        <location line="+138"/>
        <source>the imported data set is damaged: {problem}</source>
        <translation>导入的数据集已损坏：{problem}</translation>
    </message>
    <message>
        <location line="+33"/>
        <location filename="../../core/experiment_file.py" line="+217"/>
        <source>it is {kind}, not a file</source>
        <translation>它是{kind}，不是文件</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a pipe (FIFO)</source>
        <translation>一个管道 (FIFO)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a device</source>
        <translation>一个设备</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a socket</source>
        <translation>一个套接字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a special file</source>
        <translation>一个特殊文件</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>must be a whole number from {lo:,} to {hi:,}, got {got}</source>
        <translation>必须是 {lo:,} 到 {hi:,} 之间的整数，实际为 {got}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>must be a number greater than {lo:g} up to {hi:g}, got {got}</source>
        <translation>必须是大于 {lo:g}、不超过 {hi:g} 的数，实际为 {got}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>must be a number from {lo:g} up to {hi:g}, got {got}</source>
        <translation>必须是 {lo:g} 到 {hi:g} 之间的数，实际为 {got}</translation>
    </message>
    <message>
        <location line="-322"/>
        <source>at most {most} hidden layers, got {got}</source>
        <translation>最多 {most} 个隐藏层，实际为 {got} 个</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>cross-entropy needs a classification data set; {dataset!r} has real-valued targets (use squared error)</source>
        <translation>交叉熵需要分类数据集；{dataset!r} 的目标是实数值（请用平方误差）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>this network has {n:,} parameters; the limit is {hi:,} (it would not fit in memory with its gradients)</source>
        <translation>这个网络有 {n:,} 个参数，上限是 {hi:,}（连同梯度放不进内存）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{samples:,} samples through a layer of {units:,} units needs {n:,} activations; the limit is {hi:,}</source>
        <translation>{samples:,} 个样本经过 {units:,} 个单元的层需要 {n:,} 个激活值，上限是 {hi:,}</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>must be a JSON object of settings</source>
        <translation>必须是一个包含各项设置的 JSON 对象</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>must be a list of layer sizes, e.g. [16, 16]</source>
        <translation>必须是层大小的列表，例如 [16, 16]</translation>
    </message>
    <message>
        <location line="+15"/>
        <location filename="../../core/tabular.py" line="+202"/>
        <source>the file is empty</source>
        <translation>文件是空的</translation>
    </message>
    <message>
        <location filename="../../core/problems.py" line="+94"/>
        <source>no such file or folder</source>
        <translation>没有这个文件或文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>operation not permitted</source>
        <translation>不允许这个操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a part of the path is not a folder</source>
        <translation>路径中有一部分不是文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no space left on the disk</source>
        <translation>磁盘空间已满</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the name is too long</source>
        <translation>名字太长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too many symbolic links</source>
        <translation>符号链接太多（可能成环）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it already exists</source>
        <translation>它已经存在</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>a value was expected</source>
        <translation>这里应当有一个值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a name in double quotes was expected</source>
        <translation>这里应当有一个带双引号的名字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a comma was expected</source>
        <translation>这里应当有一个逗号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a colon was expected</source>
        <translation>这里应当有一个冒号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a control character (such as a tab or a line break) inside a text</source>
        <translation>文本中有控制字符（例如制表符或换行）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a text that is never closed</source>
        <translation>文本的引号没有闭合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>more after the end of the experiment</source>
        <translation>实验内容结束之后还有多余的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an invalid backslash escape</source>
        <translation>无效的反斜杠转义</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>an invalid \u escape</source>
        <translation>无效的 \u 转义</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>the name holds a NUL character</source>
        <translation>名称里有 NUL 字符</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>the disk could not be read or written (an input/output error)</source>
        <translation>磁盘无法读写（输入/输出错误）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>it is in use</source>
        <translation>它正在被使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the file would be too large</source>
        <translation>文件会太大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>too many files are open</source>
        <translation>打开的文件太多</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is on another disk</source>
        <translation>它在另一个磁盘上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the name or the operation is not valid here</source>
        <translation>这里不能用这个名称或操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>no such device</source>
        <translation>没有这个设备</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>it is not a saved experiment: not valid JSON ({why})</source>
        <translation>这不是保存的实验：不是有效的 JSON（{why}）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{why}, line {line}, column {column}</source>
        <translation>{why}，第 {line} 行第 {column} 列</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot read {path}: {why}</source>
        <translation>无法读取 {path}：{why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>cannot read {path}: it is {kind}, not a file (choose a saved experiment, a .json)</source>
        <translation>无法读取 {path}：它是{kind}，不是文件（请选择保存的实验，一个 .json 文件）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>it is not a saved experiment: {path} is over {limit:,} bytes (a saved experiment has at most {limit:,})</source>
        <translation>这不是保存的实验：{path} 超过 {limit:,} 字节（保存的实验最多 {limit:,} 字节）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it is not a saved experiment: {path} has {size:,} bytes (a saved experiment has at most {limit:,})</source>
        <translation>这不是保存的实验：{path} 有 {size:,} 字节（保存的实验最多 {limit:,} 字节）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it is not a saved experiment: {path} is not UTF-8 text (byte {offset:,} is not)</source>
        <translation>这不是保存的实验：{path} 不是 UTF-8 文本（第 {offset:,} 个字节不是）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it is not a saved experiment: its JSON is nested too deeply to read</source>
        <translation>这不是保存的实验：它的 JSON 嵌套太深，无法读取</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is not a saved experiment: it holds a number with more than 4,300 digits</source>
        <translation>这不是保存的实验：其中有一个超过 4,300 位的数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the file does not fit in memory</source>
        <translation>内存装不下这个文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>an unexpected error ({kind}: {error})</source>
        <translation>意外的错误（{kind}：{error}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>unknown setting {key}; known settings are {known}</source>
        <translation>未知的设置 {key}；已知的设置有 {known}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>unknown value {value}; choose one of {allowed}</source>
        <translation>未知的值 {value}；可选：{allowed}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>one training step would need about {need} of memory, more than the {budget} allowed on this computer: lower {lower}</source>
        <translation>训练一步大约需要 {need} 内存，超过这台电脑允许的 {budget}：请减小{lower}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the computer ran out of memory: lower {lower}, then try again</source>
        <translation>电脑内存不足：请减小{lower}，然后再试</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the samples ({n:,})</source>
        <translation>样本数（{n:,}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the hidden layer&apos;s size ({n:,})</source>
        <translation>隐藏层的大小（{n:,}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the hidden layers ({n} layers of up to {most:,} units)</source>
        <translation>隐藏层（{n} 层，每层最多 {most:,} 个单元）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the batch size (now the whole training set)</source>
        <translation>批次大小（现在是整个训练集）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the batch size ({n:,})</source>
        <translation>批次大小（{n:,}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{first} or {last}</source>
        <translation>{first}或{last}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{first}, {second} or {last}</source>
        <translation>{first}、{second}或{last}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cannot save {path}: {why}</source>
        <translation>无法保存 {path}：{why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{text} is not a whole number</source>
        <translation>{text} 不是整数</translation>
    </message>
    <message>
        <location filename="../../core/edits.py" line="+71"/>
        <location line="+23"/>
        <location filename="../../core/problems.py" line="+4"/>
        <source>{text} is not a number</source>
        <translation>{text} 不是数字</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>NaN is not a number: type a finite number</source>
        <translation>NaN 不是数字：请输入一个有限的数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>an infinite value would break the next step: type a finite number</source>
        <translation>无穷大会让下一步无法计算：请输入一个有限的数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{value} is too large: a weight or bias can be at most {limit:,.0f} in size</source>
        <translation>{value} 太大：权重或偏置的绝对值最多为 {limit:,.0f}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>type a number</source>
        <translation>请输入一个数</translation>
    </message>
    <message>
        <location filename="../../core/problems.py" line="+12"/>
        <source>{text} is too large a number (the largest is about 1.8e308)</source>
        <translation>{text} 这个数太大（最大约为 1.8e308）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the standard output is closed: there is nowhere to print the losses</source>
        <translation>标准输出已关闭：无处打印损失</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>could not write the output: {why}</source>
        <translation>无法写出输出：{why}</translation>
    </message>
    <message>
        <location filename="../../core/runner.py" line="+144"/>
        <source>there is not enough memory to copy the run</source>
        <translation>内存不足，无法复制这次训练</translation>
    </message>
    <message>
        <location line="+298"/>
        <source>Could not continue the opened experiment: {problem}</source>
        <translation>无法继续打开的实验：{problem}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Opened the experiment at step {step:,}: the next step is {next:,}.</source>
        <translation>已打开实验，位于第 {step:,} 步：下一步是第 {next:,} 步。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opened the experiment at step {step:,}, where it diverged: press Reset to train again.</source>
        <translation>已打开实验，位于第 {step:,} 步，训练在这一步发散了：按“重置”重新训练。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{field}: {message}</source>
        <translation>{field}：{message}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reset: step 0, same seed, same initial weights.</source>
        <translation>已重置：第 0 步，相同的随机种子，相同的初始权重。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot resume: {problem}.</source>
        <translation>无法继续：{problem}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Resumed from step {step:,}: the next step is {next:,}.</source>
        <translation>已从第 {step:,} 步继续：下一步是第 {next:,} 步。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resumed from step {step:,} (the recorded step nearest to step {asked:,}): the next step is {next:,}.</source>
        <translation>已从第 {step:,} 步继续（离第 {asked:,} 步最近的已记录步）：下一步是第 {next:,} 步。</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Step {step:,} is already past the step limit ({limit:,}): raise it above {step:,}, or Reset.</source>
        <translation>第 {step:,} 步已超过步数上限（{limit:,}）：请把上限调到 {step:,} 以上，或者重置。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reached the step limit ({limit:,} steps). Raise it or Reset.</source>
        <translation>已达到步数上限（{limit:,} 步）。请调高上限或重置。</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Training stopped by an internal error: {error}</source>
        <translation>训练因内部错误而停止：{error}</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Step {step}&apos;s backprop cannot be shown: there is not enough memory to rebuild it.</source>
        <translation>无法显示第 {step} 步的反向传播：内存不足，无法重建它。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Step 0 is the start, before any step: there is no backprop to show.</source>
        <translation>第 0 步是起点，还没有运行任何一步：没有反向传播可显示。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This network is too large to trace (about {n:,} numbers per step): its backprop cannot be shown.</source>
        <translation>这个网络太大，无法追踪（每步约 {n:,} 个数）：无法显示它的反向传播。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Step {step}&apos;s backprop cannot be shown: step {before}, the state it starts from, was thinned away from this long run&apos;s recording (recent steps are all kept).</source>
        <translation>无法显示第 {step} 步的反向传播：它的起点第 {before} 步已从这次长时间训练的记录中被稀疏掉（最近的步都保留着）。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Step {step}&apos;s backprop cannot be shown exactly: replaying it from step {before} did not give the recorded numbers (the weights were changed between the steps).</source>
        <translation>无法准确显示第 {step} 步的反向传播：从第 {before} 步重放它，得不到记录下的数值（两步之间权重被改动过）。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>step {step:,} is not recorded</source>
        <translation>第 {step:,} 步没有被记录</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot set {cell}: {problem}.</source>
        <translation>无法修改 {cell}：{problem}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>After step {step:,}: {cell} set to {value:.6g} (it was {before:.6g}); the next step starts from it.</source>
        <translation>第 {step:,} 步之后：{cell} 改为 {value:.6g}（原来是 {before:.6g}）；下一步从它开始。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Back at step {step:,}: {cell} set to {value:.6g} (it was {before:.6g}); the next step is {next:,}, and the steps that came after stay as a faded ghost.</source>
        <translation>回到第 {step:,} 步：{cell} 改为 {value:.6g}（原来是 {before:.6g}）；下一步是第 {next:,} 步，之后原有的步保留为淡色的旧曲线。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>learning rate {alpha:g}</source>
        <translation>学习率 {alpha:g}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no step limit</source>
        <translation>不限步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step limit {limit:,}</source>
        <translation>步数上限 {limit:,}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{first} and {second}</source>
        <translation>{first}，{second}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>After step {step:,}: {changes}. The run has diverged: press Reset to train with it.</source>
        <translation>第 {step:,} 步之后：{changes}。训练已发散：请按重置，用新设置训练。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>After step {step:,}: {changes}.</source>
        <translation>第 {step:,} 步之后：{changes}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The run diverged at step {step:,}: press Reset to train again (Step and Start change nothing until then).</source>
        <translation>训练在第 {step:,} 步发散：请按重置重新训练（在此之前，单步和开始都不起作用）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Training stopped: {problem}.</source>
        <translation>训练已停止：{problem}。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Gradient check skipped: the run has diverged. Reset first.</source>
        <translation>已跳过梯度检验：训练已发散。请先重置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>backprop agrees with finite differences</source>
        <translation>反向传播与有限差分一致</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>backprop DISAGREES with finite differences</source>
        <translation>反向传播与有限差分【不一致】</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient check at step {step}: {verdict} (largest relative error {error:.1e}, in d{name}; {tensors} tensors, up to 8 entries each).</source>
        <translation>第 {step} 步的梯度检验：{verdict}（最大相对误差 {error:.1e}，在 d{name}；共 {tensors} 个张量，每个最多检验 8 个元素）。</translation>
    </message>
    <message>
        <location filename="../../core/session.py" line="+255"/>
        <source>the run has diverged: press Reset to train again</source>
        <translation>训练已发散：请按重置再训练</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>this network has no parameter {name}</source>
        <translation>这个网络没有参数 {name}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} has no cell {cell}: it is {shape}</source>
        <translation>{name} 没有格子 {cell}：它的形状是 {shape}</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>non-finite</source>
        <translation>非有限</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>exploded</source>
        <translation>爆炸</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}; first non-finite operation: {operation}</source>
        <translation>{where}；最先出现非有限值的运算：{operation}</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Gradients were never zeroed, so every step added to all the earlier ones: turn &apos;zero gradients after each step&apos; on (or lower the learning rate).</source>
        <translation>梯度从未清零，所以每一步的梯度都叠加在之前所有步上：请打开“每步之后梯度清零”（或降低学习率）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weights initialised with σ = 1 make signals and gradients grow layer by layer: try He init (or a smaller learning rate).</source>
        <translation>用 σ = 1 初始化的权重会让信号和梯度逐层变大：请试试 He 初始化（或更小的学习率）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try a learning rate smaller than {alpha:g}.</source>
        <translation>请试试小于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+513"/>
        <source>its output</source>
        <translation>其输出</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gradient {name}</source>
        <translation>梯度 {name}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>layer {layer} ({thing} became NaN)</source>
        <translation>第 {layer} 层（{thing} 变成了 NaN）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>layer {layer} ({thing} became infinite)</source>
        <translation>第 {layer} 层（{thing} 变成了无穷大）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>layer {layer} ({thing} reached {size:.3g})</source>
        <translation>第 {layer} 层（{thing} 达到 {size:.3g}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer {layer} ({thing} reached {size:.3g}, from {before:.3g} at step {first})</source>
        <translation>第 {layer} 层（{thing} 达到 {size:.3g}，第 {first} 步时为 {before:.3g}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the loss became NaN</source>
        <translation>损失变成了 NaN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the loss became infinite</source>
        <translation>损失变成了无穷大</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the loss reached {value:.3g}, past {limit:.0e}</source>
        <translation>损失达到 {value:.3g}，超过 {limit:.0e}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the loss grew to {value:.3g}, over {times:,.0f} times its first value ({first:.3g})</source>
        <translation>损失增长到 {value:.3g}，超过第一步的值（{first:.3g}）的 {times:,.0f} 倍</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Diverged at step {step}: {grew}; first {how} values in {where}. {advice}</source>
        <translation>第 {step} 步发散：{grew}；最先出现{how}值的是{where}。{advice}</translation>
    </message>
    <message>
        <location filename="../../core/data.py" line="+96"/>
        <source>Tutorial (4 samples)</source>
        <extracomment>name -&gt; (label, generator)</extracomment>
        <translation>教程（4 个样本）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Two spirals</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaussian clusters (3 classes)</source>
        <translation>高斯簇（3 类）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moons</source>
        <translation>双月形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sine (1-D regression)</source>
        <translation>正弦（一维回归）</translation>
    </message>
    <message>
        <location filename="../../core/init.py" line="+22"/>
        <source>He (√(2/n_in))</source>
        <extracomment>name -&gt; (label, short explanation shown in the app); Messages, so the app can translate them</extracomment>
        <translation>He 初始化 (√(2/n_in))</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>randn · √(2/n_in): keeps activations&apos; scale through ReLU layers</source>
        <translation>randn · √(2/n_in)：经过 ReLU 层时保持激活值的尺度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xavier/Glorot</source>
        <translation>Xavier/Glorot 初始化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>randn · √(2/(n_in+n_out)): keeps scale through tanh/sigmoid</source>
        <translation>randn · √(2/(n_in+n_out))：经过 tanh/sigmoid 时保持尺度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Small (σ = 0.01)</source>
        <translation>小 (σ = 0.01)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>randn · 0.01: signals and gradients shrink layer by layer</source>
        <translation>randn · 0.01：信号和梯度逐层变小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Large (σ = 1)</source>
        <translation>大 (σ = 1)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>randn · 1: signals and gradients grow layer by layer</source>
        <translation>randn · 1：信号和梯度逐层变大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>every unit identical: symmetry is never broken</source>
        <translation>每个单元都一样：对称性永远不会被打破</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>He, tutorial&apos;s draws</source>
        <translation>He 初始化，教程的抽取顺序</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>He init drawn exactly as the tutorial&apos;s program draws it</source>
        <translation>He 初始化，随机数的抽取与教程的程序完全相同</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>He, book&apos;s draws</source>
        <translation>He 初始化，书的抽取顺序</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>He init drawn exactly as the book&apos;s ch. 13 program draws it</source>
        <translation>He 初始化，随机数的抽取与书中第 13 章的程序完全相同</translation>
    </message>
    <message>
        <location filename="../../playground/app.py" line="+115"/>
        <source>Ignored the command line: {problem}.</source>
        <translation>已忽略命令行：{problem}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ignored {arguments}: not an option of gradient-playground (--help lists them).</source>
        <translation>已忽略 {arguments}：不是 gradient-playground 的选项（--help 会列出所有选项）。</translation>
    </message>
    <message>
        <location line="+89"/>
        <source> Details in {path}.</source>
        <translation> 详情见 {path}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Internal error: {kind}: {error}.{details}</source>
        <translation>内部错误：{kind}：{error}。{details}</translation>
    </message>
    <message>
        <location filename="../../core/tabular.py" line="-138"/>
        <source>no column named {name!r}; the columns are {names}</source>
        <translation>没有名为 {name!r} 的列；列有 {names}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Regression: predict the number in {column!r}.</source>
        <translation>回归：预测 {column!r} 列中的数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Classification: {n} classes in {column!r} ({shown}).</source>
        <translation>分类：{column!r} 列中有 {n} 个类别（{shown}）。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>{n} classes</source>
        <translation>{n} 个类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: {rows:,} rows, {features} features, {kind}</source>
        <translation>{name}：{rows:,} 行，{features} 个特征，{kind}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>must be an object with name, features, target, classes, x and y</source>
        <translation>必须是包含 name、features、target、classes、x 和 y 的对象</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name!r} is missing</source>
        <translation>缺少 {name!r}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;features&apos; must be a list of column names</source>
        <translation>&apos;features&apos; 必须是列名的列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;classes&apos; must be a list of class names ([] for regression)</source>
        <translation>&apos;classes&apos; 必须是类别名的列表（回归任务为 []）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&apos;x&apos; and &apos;y&apos; must be lists of numbers</source>
        <translation>&apos;x&apos; 和 &apos;y&apos; 必须是数字的列表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;x&apos; must be rows of {n} numbers and &apos;y&apos; one number per row</source>
        <translation>&apos;x&apos; 的每一行必须有 {n} 个数字，&apos;y&apos; 每行一个数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&apos;x&apos; and &apos;y&apos; must hold finite numbers</source>
        <translation>&apos;x&apos; 和 &apos;y&apos; 必须都是有限的数字</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&apos;y&apos; must hold class numbers from 0 to {last}</source>
        <translation>&apos;y&apos; 必须是 0 到 {last} 的类别编号</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>line {line} (the header) has {n:,} columns; the limit is {most:,}</source>
        <translation>第 {line} 行（表头）有 {n:,} 列；上限是 {most:,}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>line {line} (the header) has one column; a data set needs at least two (features, then the target), separated by commas or tabs</source>
        <translation>第 {line} 行（表头）只有一列；数据集至少需要两列（先是特征，然后是目标），用逗号或制表符分隔</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>line {line} (the header): the column name {name!r} appears twice (columns {a} and {b}); give each column its own name</source>
        <translation>第 {line} 行（表头）：列名 {name!r} 出现了两次（第 {a} 列和第 {b} 列）；请给每列起不同的名字</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>line {line} should be the header, the columns&apos; names, but holds only numbers ({first}, …); add a line of names at the top</source>
        <translation>第 {line} 行应该是表头（各列的名字），却只有数字（{first}, …）；请在最上面加一行列名</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>line {line} has {n} cells but the header (line {header}) has {width} columns; every row needs one cell per column</source>
        <translation>第 {line} 行有 {n} 个单元格，但表头（第 {header} 行）有 {width} 列；每行都要每列一个单元格</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the file has more than {most:,} data rows (line {line}); the limit is {most:,}</source>
        <translation>文件的数据行超过 {most:,} 行（第 {line} 行）；上限是 {most:,}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a cell is longer than {most:,} characters</source>
        <translation>有一个单元格超过 {most:,} 个字符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>line {line}: {problem}</source>
        <translation>第 {line} 行：{problem}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the file has a header (line {line}) but no data rows</source>
        <translation>文件有表头（第 {line} 行），但没有数据行</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>there is no file {path}</source>
        <translation>没有文件 {path}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{path} is a folder, not a file</source>
        <translation>{path} 是文件夹，不是文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <source>{path} is not a regular file (a pipe, socket or device)</source>
        <translation>{path} 不是普通文件（是管道、套接字或设备）</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>the file is {mb:,.0f} MB; the limit is {most} MB</source>
        <translation>文件有 {mb:,.0f} MB；上限是 {most} MB</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>the file is over {most} MB, the limit</source>
        <translation>文件超过了 {most} MB 的上限</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it is a binary file, not text: a data set must be a CSV or TSV text file (in a spreadsheet, use Save as ▸ CSV)</source>
        <translation>这是二进制文件，不是文本：数据集必须是 CSV 或 TSV 文本文件（在电子表格里用“另存为 ▸ CSV”）</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>{shown} and {n} more</source>
        <translation>{shown} 等（另有 {n} 个）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>line {line}, column {name!r}</source>
        <translation>第 {line} 行，{name!r} 列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}: the cell is empty; every feature cell needs a number</source>
        <translation>{where}：单元格是空的；每个特征单元格都需要一个数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}: {cell!r} is not a finite number (a missing value?); every feature cell needs a number</source>
        <translation>{where}：{cell!r} 不是有限的数（缺失值？）；每个特征单元格都需要一个数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}: {cell!r} is not a number; a feature column must hold numbers only (leave it out of the features, or make it the target)</source>
        <translation>{where}：{cell!r} 不是数字；特征列只能是数字（把它从特征中去掉，或者把它作为目标）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>line {line}, column {name!r}: the target cell is empty</source>
        <translation>第 {line} 行，{name!r} 列：目标单元格是空的</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>line {line}, column {name!r}: {cell!r} is not a finite number (a missing value?)</source>
        <translation>第 {line} 行，{name!r} 列：{cell!r} 不是有限的数（缺失值？）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the target column {name!r} has {n:,} different text values; a class column has at most {most} (choose another target column)</source>
        <translation>目标列 {name!r} 有 {n:,} 个不同的文本值；类别列最多 {most} 个（请换一个目标列）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the target column {name!r} has only one class ({only!r}); classification needs at least two</source>
        <translation>目标列 {name!r} 只有一个类别（{only!r}）；分类至少需要两个</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>choose at least one feature column</source>
        <translation>请至少选择一个特征列</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the column {name!r} cannot be both a feature and the target</source>
        <translation>{name!r} 列不能既是特征又是目标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a feature column is chosen twice</source>
        <translation>有一个特征列被选了两次</translation>
    </message>
    <message>
        <location filename="../../core/health.py" line="+126"/>
        <source>a layer&apos;s ‖dW‖ under {ratio:g} of the largest layer&apos;s</source>
        <extracomment>check name -&gt; its rule, in words, as a template and its numbers (the window translates the template: the flags&apos; tooltips say what each check means).</extracomment>
        <translation>某一层的 ‖dW‖ 不到最大那一层的 {ratio:g}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>‖dW‖ above {norm:g}, or above {grow_from:g} and grown {grow:g}-fold within {steps} steps</source>
        <translation>‖dW‖ 超过 {norm:g}，或超过 {grow_from:g} 且在 {steps} 步内增长了 {grow:g} 倍</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>more than {share:.0%} of a ReLU layer&apos;s units dead for {steps} steps running</source>
        <translation>ReLU 层超过 {share:.0%} 的单元连续 {steps} 步死亡（输出 0）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>more than {share:.0%} of a tanh/sigmoid layer&apos;s outputs saturated for {steps} steps running</source>
        <translation>tanh/sigmoid 层超过 {share:.0%} 的输出连续 {steps} 步饱和</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>‖ΔW‖ / ‖W‖ outside {low} … {high} for {steps} steps running (under {low} only while the loss is above {converged:.0%} of its first value)</source>
        <translation>‖ΔW‖ / ‖W‖ 连续 {steps} 步在 {low} … {high} 之外（低于 {low} 只在损失仍高于最初损失的 {converged:.0%} 时才算）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>mean |ΔW| ≤ {atol} + {rtol} · mean |W| for {steps} steps running, while the loss is above {converged:.0%} of its first value</source>
        <translation>连续 {steps} 步平均 |ΔW| ≤ {atol} + {rtol} · 平均 |W|，且损失仍高于最初损失的 {converged:.0%}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a NaN or infinity in a weight, a gradient or the loss</source>
        <translation>权重、梯度或损失中出现 NaN 或无穷大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the loss (minibatches: its mean over the last epoch) rising for {steps} steps running ({no_zeroing} when gradients are not zeroed)</source>
        <translation>损失（小批次时：最近一轮的平均值）连续 {steps} 步上升（梯度不清零时为 {no_zeroing} 步）</translation>
    </message>
    <message>
        <location line="+521"/>
        <source>layer {layer} (W{layer}, b{layer} or their gradients)</source>
        <extracomment>check name -&gt; its rule, in words (for the Guide and tooltips).</extracomment>
        <translation>第 {layer} 层（W{layer}、b{layer} 或它们的梯度）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>layer {layer} vanishing since step {step}: its gradients (‖dW{layer}‖ = {norm:.1e}) are under a thousandth of layer {top}&apos;s ({top_norm:.1e}), so it learns a thousand times slower. </source>
        <extracomment>key -&gt; English template. Each check&apos;s function below picks a key and fills its arguments.</extracomment>
        <translation>第 {layer} 层自第 {step} 步起梯度消失：它的梯度（‖dW{layer}‖ = {norm:.1e}）不到第 {top} 层（{top_norm:.1e}）的千分之一，所以它学得慢了一千倍。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>By the chain rule its gradient is a product of the derivatives of every layer above it, and a sigmoid&apos;s derivative is at most 1/4: sigmoid layers pass on at most a quarter of the gradient. Try ReLU with He init.</source>
        <translation>按链式法则，它的梯度是它上面每一层导数的乘积，而 sigmoid 的导数最大只有 1/4：每个 sigmoid 层最多只传下四分之一的梯度。请试试 ReLU 加 He 初始化。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>By the chain rule every layer above it multiplies its gradient by that layer&apos;s weights, here about 0.01 each (init σ = 0.01): the gradient shrinks layer by layer. Try He init.</source>
        <translation>按链式法则，它上面的每一层都把它的梯度乘以该层的权重，这里每个约 0.01（初始化 σ = 0.01）：梯度逐层变小。请试试 He 初始化。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By the chain rule its gradient is a product of the derivatives of every layer above it; tanh&apos;s is at most 1 and nearly 0 where it saturates. Try Xavier init, or ReLU with He init.</source>
        <translation>按链式法则，它的梯度是它上面每一层导数的乘积；tanh 的导数最大为 1，饱和处几乎为 0。请试试 Xavier 初始化，或 ReLU 加 He 初始化。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>By the chain rule its gradient is a product over every layer above it, and small weights or derivatives there shrink it layer by layer. Try He init or fewer layers.</source>
        <translation>按链式法则，它的梯度是它上面每一层的乘积，那里很小的权重或导数让它逐层变小。请试试 He 初始化或更少的层。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>layer {layer} exploding at step {step}: ‖dW{layer}‖ = {norm:.1e}. </source>
        <translation>第 {layer} 层在第 {step} 步梯度爆炸：‖dW{layer}‖ = {norm:.1e}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>By the chain rule every layer above it multiplies its gradient by that layer&apos;s weights, here about 1 each (init σ = 1) over many units: the gradient grows layer by layer. Try He init or a smaller learning rate.</source>
        <translation>按链式法则，它上面的每一层都把它的梯度乘以该层的权重，这里每个约 1（初始化 σ = 1），又有许多单元：梯度逐层变大。请试试 He 初始化或更小的学习率。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gradients are not zeroed, so each backward adds this step&apos;s gradient to all the earlier ones and the sum keeps growing. Turn &apos;zero gradients after each step&apos; on.</source>
        <translation>梯度没有清零，所以每次反向传播都把这一步的梯度加到之前所有步的梯度上，总和不断变大。请打开“每步之后梯度清零”。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>By the chain rule the gradient is multiplied by every layer&apos;s weights above it, and they have grown large; each too-big step makes them larger. Try a learning rate smaller than {alpha:g}.</source>
        <translation>按链式法则，梯度要乘以它上面每一层的权重，而这些权重已经变大；每一个过大的步又让它们更大。请试试小于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>layer {layer}: each step has changed W{layer} by more than a tenth of its size for {window} steps running (update ratio ‖ΔW‖/‖W‖ = {ratio:.1e} at step {step}; about 10⁻³ is healthy). The step α·dW is too large for these weights: try a learning rate smaller than {alpha:g}.</source>
        <translation>第 {layer} 层：连续 {window} 步，每一步对 W{layer} 的改变都超过它大小的十分之一（第 {step} 步的更新比 ‖ΔW‖/‖W‖ = {ratio:.1e}；约 10⁻³ 才健康）。对这些权重来说，步长 α·dW 太大：请试试小于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>layer {layer}: each step has changed W{layer} by more than a tenth of its size for {window} steps running (update ratio ‖ΔW‖/‖W‖ = {ratio:.1e} at step {step}; about 10⁻³ is healthy). Gradients are not zeroed, so each step&apos;s dW is the sum of this step&apos;s gradient and all the earlier ones, and the steps keep growing. Turn &apos;zero gradients after each step&apos; on.</source>
        <translation>第 {layer} 层：连续 {window} 步，每一步对 W{layer} 的改变都超过它大小的十分之一（第 {step} 步的更新比 ‖ΔW‖/‖W‖ = {ratio:.1e}；约 10⁻³ 才健康）。梯度没有清零，所以每一步的 dW 都是这一步的梯度加上之前所有步的梯度，步子越迈越大。请打开“每步之后梯度清零”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>layer {layer}: each step has changed W{layer} by less than a millionth of its size for {window} steps running (update ratio {ratio:.1e} at step {step}; about 10⁻³ is healthy). Its gradient, times α, is tiny next to its weights: look for vanishing gradients, or try a larger learning rate than {alpha:g}.</source>
        <translation>第 {layer} 层：连续 {window} 步，每一步对 W{layer} 的改变都不到它大小的百万分之一（第 {step} 步的更新比 {ratio:.1e}；约 10⁻³ 才健康）。它的梯度乘以 α 后，比起它的权重微不足道：请检查是否梯度消失，或试试大于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>layer {layer}: {percent:.0f}% of its ReLU units have output 0 for every sample, for {window} steps running (since step {since}). A dead unit&apos;s derivative is 0, so by the chain rule no gradient reaches its weights and it never comes back. Try a smaller learning rate, He init, or fewer layers.</source>
        <translation>第 {layer} 层：连续 {window} 步（自第 {since} 步起），它 {percent:.0f}% 的 ReLU 单元对每个样本都输出 0。死单元的导数为 0，所以按链式法则没有梯度能到达它的权重，它再也回不来。请试试更小的学习率、He 初始化或更少的层。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>layer {layer}: {percent:.0f}% of its {activation} outputs are saturated, for {window} steps running (since step {since}). Where {activation} is flat its derivative is nearly 0, so by the chain rule little gradient passes through it. Try smaller initial weights (Xavier init) or ReLU.</source>
        <translation>第 {layer} 层：连续 {window} 步（自第 {since} 步起），它 {percent:.0f}% 的 {activation} 输出处于饱和。{activation} 平坦处的导数几乎为 0，所以按链式法则很少有梯度能穿过它。请试试更小的初始权重（Xavier 初始化）或 ReLU。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>layer {layer}: W{layer} has stopped changing (mean |ΔW| = {delta:.1e}, at most 10⁻⁸ + 10⁻⁵ · mean |W| = {limit:.1e}) for {window} steps running (since step {since}). Almost no gradient reaches it: if the loss is still high, look for vanishing gradients or try a larger learning rate than {alpha:g}.</source>
        <translation>第 {layer} 层：连续 {window} 步（自第 {since} 步起），W{layer} 已不再变化（平均 |ΔW| = {delta:.1e}，不超过 10⁻⁸ + 10⁻⁵ · 平均 |W| = {limit:.1e}）。几乎没有梯度到达它：如果损失仍然很高，请检查是否梯度消失，或试试大于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>non-finite values at step {step} in {where}: a number overflowed to infinity or became NaN, and by the chain rule every gradient computed from it is non-finite too. Try a smaller learning rate or smaller initial weights.</source>
        <translation>第 {step} 步在{where}出现非有限值：某个数溢出成无穷大或变成 NaN，按链式法则由它算出的每个梯度也都是非有限的。请试试更小的学习率或更小的初始权重。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the loss has risen for {window} steps running (since step {since}): the steps overshoot the minimum. Try a learning rate smaller than {alpha:g}.</source>
        <translation>损失已连续 {window} 步上升（自第 {since} 步起）：每一步都越过了最小值。请试试小于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the loss, averaged over the last epoch ({epoch} steps), has risen for {window} steps running (since step {since}): the steps overshoot the minimum. Try a learning rate smaller than {alpha:g}.</source>
        <translation>最近一轮（{epoch} 步）的平均损失已连续 {window} 步上升（自第 {since} 步起）：每一步都越过了最小值。请试试小于 {alpha:g} 的学习率。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the loss has risen for {window} steps running (since step {since}). Gradients are not zeroed, so each backward adds to the sum of all the earlier steps&apos; gradients and the steps keep pushing in old directions. Turn &apos;zero gradients after each step&apos; on.</source>
        <translation>损失已连续 {window} 步上升（自第 {since} 步起）。梯度没有清零，所以每次反向传播都加到之前所有步梯度的总和上，每一步都还在朝旧的方向推。请打开“每步之后梯度清零”。</translation>
    </message>
    <message>
        <location filename="../../core/experiment_file.py" line="-82"/>
        <location filename="../../playground/experiment_files.py" line="+73"/>
        <source>{data}, step {step:,}</source>
        <translation>{data}，第 {step:,} 步</translation>
    </message>
    <message>
        <location line="+290"/>
        <source>it is not a saved experiment: a {suffix} file is a zip archive, and this one is not</source>
        <translation>这不是保存的实验：{suffix} 文件是 zip 压缩包，而这个文件不是</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the experiment file is damaged: {what}</source>
        <translation>实验文件已损坏：{what}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{where} must be an object</source>
        <translation>{where} 必须是对象</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{where}.{key} is missing</source>
        <translation>缺少 {where}.{key}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where}.{key} must be {what}</source>
        <translation>{where}.{key} 必须是{what}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a whole number from {lo:,} to {hi:,}</source>
        <translation>{lo:,} 到 {hi:,} 之间的整数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>a list of {n}</source>
        <translation>{n} 项的列表</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{where} must hold numbers</source>
        <translation>{where} 必须都是数字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{where} must be a list of {count} numbers</source>
        <translation>{where} 必须是 {count} 个数字的列表</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{where} must hold whole numbers below 2**128</source>
        <translation>{where} 必须都是小于 2**128 的整数</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{where} is not a generator&apos;s state</source>
        <translation>{where} 不是随机数生成器的状态</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>it is not a readable zip archive ({reason})</source>
        <translation>它不是可读的 zip 压缩包（{reason}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a member of its archive appears twice</source>
        <translation>压缩包里有一个成员出现了两次</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is not a saved experiment: it would unpack to {unpacked:,} bytes from {size:,} (an experiment unpacks to at most {most:,}, and never to {ratio} times its size)</source>
        <translation>这不是保存的实验：{size:,} 字节会解压成 {unpacked:,} 字节（实验最多解压成 {most:,} 字节，且绝不会达到自身大小的 {ratio} 倍）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it is not a saved experiment: its archive is encrypted</source>
        <translation>这不是保存的实验：压缩包已加密</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>it is not a saved experiment: its archive uses a compression method experiments never use</source>
        <translation>这不是保存的实验：压缩包用了实验从不使用的压缩方法</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it is a zip archive, but not a Gradient Playground experiment (it has no manifest.json)</source>
        <translation>它是 zip 压缩包，但不是梯度演练场的实验（里面没有 manifest.json）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} is missing</source>
        <translation>缺少 {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} is too large ({size:,} bytes)</source>
        <translation>{name} 太大（{size:,} 字节）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>{name} cannot be read ({reason})</source>
        <translation>无法读取 {name}（{reason}）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>manifest.json cannot be read ({reason})</source>
        <translation>无法读取 manifest.json（{reason}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>manifest.json is not UTF-8 text</source>
        <translation>manifest.json 不是 UTF-8 文本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>manifest.json is nested too deeply</source>
        <translation>manifest.json 嵌套太深</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>manifest.json is not valid JSON ({reason})</source>
        <translation>manifest.json 不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is a zip archive, but not a Gradient Playground experiment (its manifest.json names no experiment format)</source>
        <translation>它是 zip 压缩包，但不是梯度演练场的实验（它的 manifest.json 没有写明实验格式）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>manifest.json has no valid format_version</source>
        <translation>manifest.json 没有有效的 format_version</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>it was saved by a newer Gradient Playground (version {app}) in experiment format {version}; this version reads format {ours} and older: update the app to open it</source>
        <translation>它由更新的梯度演练场（版本 {app}）以实验格式 {version} 保存；这个版本只能读取格式 {ours} 及更早的格式：请更新程序后再打开</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it was saved by a newer Gradient Playground in experiment format {version}; this version reads format {ours} and older: update the app to open it</source>
        <translation>它由更新的梯度演练场以实验格式 {version} 保存；这个版本只能读取格式 {ours} 及更早的格式：请更新程序后再打开</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{member} holds {dtype} values, not {want}</source>
        <translation>{member} 存的是 {dtype} 值，不是 {want}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{member} has shape {shape}, not {want}</source>
        <translation>{member} 的形状是 {shape}，不是 {want}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{member} is missing</source>
        <translation>缺少 {member}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{member} cannot be read ({reason})</source>
        <translation>无法读取 {member}（{reason}）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>arrays/data_x.npy must be a table of rows</source>
        <translation>arrays/data_x.npy 必须是按行排列的表</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>state.alpha: {reason}</source>
        <translation>state.alpha：{reason}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state.grads must hold true or false</source>
        <translation>state.grads 必须都是 true 或 false</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>arrays/batch_order.npy is not an order of the training samples</source>
        <translation>arrays/batch_order.npy 不是训练样本的一个排列</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>state.update_ratios must be a list of {n}</source>
        <translation>state.update_ratios 必须是 {n} 项的列表</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>its optimizer state is {kind}&apos;s, but the settings say {optimizer}</source>
        <translation>它的优化器状态属于 {kind}，但设置里是 {optimizer}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>state.optimizer.buffers[{k}] must be a list of {n} true or false</source>
        <translation>state.optimizer.buffers[{k}] 必须是 {n} 个 true 或 false 的列表</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adam&apos;s moments are missing</source>
        <translation>缺少 Adam 的矩估计</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>state.layers has more layers than the network</source>
        <translation>state.layers 的层数比网络多</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state.layers must hold [layer, mean, std, dead, saturated] rows</source>
        <translation>state.layers 必须由 [layer, mean, std, dead, saturated] 行组成</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>state.findings[{i}].layer must be a layer number</source>
        <translation>state.findings[{i}].layer 必须是层号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>state.findings[{i}] names an unknown check {check}</source>
        <translation>state.findings[{i}] 提到了未知的检查 {check}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>state.findings[{i}].args must hold numbers and text</source>
        <translation>state.findings[{i}].args 必须只含数字和文本</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>state.health.{part} names an unknown check</source>
        <translation>state.health.{part} 提到了未知的检查</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>state.divergence.sizes must hold [layer, name, size] rows</source>
        <translation>state.divergence.sizes 必须由 [layer, name, size] 行组成</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the loss history&apos;s steps must rise from 1 to at most {step:,}</source>
        <translation>损失历史的步数必须从 1 递增，最多到 {step:,}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>its recorded steps are of a network of another shape</source>
        <translation>它记录的步属于另一种形状的网络</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its recorded steps are of another optimizer</source>
        <translation>它记录的步属于另一种优化器</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>arrays/recorded_layers.npy is not of this network&apos;s hidden layers</source>
        <translation>arrays/recorded_layers.npy 与这个网络的隐藏层不符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the recorded steps must rise from 0 to at most {step:,}</source>
        <translation>记录的步数必须从 0 递增，最多到 {step:,}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>a recorded batch order points past the training samples</source>
        <translation>某个记录的批次顺序超出了训练样本的范围</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a recorded step&apos;s batch position is out of range</source>
        <translation>某个记录步的批次位置超出范围</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>recording.base must be a positive whole number</source>
        <translation>recording.base 必须是正整数</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+6"/>
        <source>{where} is not a message</source>
        <translation>{where} 不是一条消息</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{where} must be [step, where, message]</source>
        <translation>{where} 必须是 [step, where, message]</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>its checksum does not match its contents</source>
        <translation>校验和与内容不符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>it is not a zip archive</source>
        <translation>它不是 zip 压缩包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a member&apos;s header is not a zip header</source>
        <translation>有一个成员的文件头不是 zip 文件头</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a member&apos;s header is cut short</source>
        <translation>有一个成员的文件头被截断了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its compressed data is corrupt</source>
        <translation>压缩数据已损坏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>its compressed data is cut short</source>
        <translation>压缩数据被截断了</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>it is not a saved experiment: its archive has {members:,} members (an experiment has at most {most:,})</source>
        <translation>这不是保存的实验：压缩包有 {members:,} 个成员（实验最多 {most:,} 个）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>it is cut short or not a zip archive (the archive&apos;s end record is missing)</source>
        <translation>它被截断了，或者不是 zip 压缩包（缺少压缩包的结束记录）</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+7"/>
        <source>its zip64 end record is missing</source>
        <translation>缺少 zip64 结束记录</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>its zip64 end record is out of the file</source>
        <translation>zip64 结束记录超出了文件范围</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>a member of its archive is cut short</source>
        <translation>压缩包里有一个成员被截断了</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a member of its archive is longer than its directory says</source>
        <translation>压缩包里有一个成员比目录记载的更长</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} is not a numpy array</source>
        <translation>{name} 不是 numpy 数组</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+8"/>
        <source>{name} is cut short</source>
        <translation>{name} 被截断了</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>{name} is of an unknown .npy version</source>
        <translation>{name} 的 .npy 版本未知</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} has a header of {size:,} bytes</source>
        <translation>{name} 的文件头有 {size:,} 字节</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{name} has a bad header ({reason})</source>
        <translation>{name} 的文件头有误（{reason}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>it is not a saved experiment: {name} holds {dtype} values (experiments hold only numbers)</source>
        <translation>这不是保存的实验：{name} 存的是 {dtype} 值（实验只存数字）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{name} has a bad shape</source>
        <translation>{name} 的形状有误</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{name} claims {claimed:,} bytes of numbers, but the archive holds {held:,}</source>
        <translation>{name} 声称有 {claimed:,} 字节的数字，但压缩包里只有 {held:,} 字节</translation>
    </message>
    <message>
        <location filename="../../core/export.py" line="+285"/>
        <source>it is not a regular file</source>
        <extracomment>Arrays with at most this many numbers are written as literals; larger ones as base64 .npy.</extracomment>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <location filename="../../core/trace.py" line="+81"/>
        <source>the loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}, forward of {op}</source>
        <translation>{where}，{op} 的前向传播</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{where}, backward of {op}</source>
        <translation>{where}，{op} 的反向传播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{where}, {phase} of {op}</source>
        <translation>{where}，{op} 的 {phase}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} (already NaN before this step)</source>
        <translation>{name}（这一步之前就已是 NaN）</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>an input</source>
        <translation>某个输入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{name} (already infinite before this step)</source>
        <translation>{name}（这一步之前就已是无穷大）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the sum of d{name}&apos;s gradients</source>
        <translation>d{name} 的梯度之和</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the update of {name}</source>
        <translation>{name} 的更新</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer {layer}, {what}</source>
        <translation>第 {layer} 层，{what}</translation>
    </message>
    <message>
        <location filename="../../playground/exports.py" line="+70"/>
        <source>the picture could not be made</source>
        <translation>无法生成图片</translation>
    </message>
</context>
<context>
    <name>BackpropView</name>
    <message>
        <location filename="../../playground/views/backprop.py" line="+340"/>
        <source>scalar</source>
        <translation>标量</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>{shape} values, largest |·| {largest}</source>
        <translation>{shape} 个值，最大 |·| {largest}</translation>
    </message>
    <message>
        <location line="+366"/>
        <source>layer {n} ▾ (click here to fold)</source>
        <translation>第 {n} 层 ▾（点这里折叠）</translation>
    </message>
    <message>
        <location line="+410"/>
        <source>Walk (O) runs the next training step one operation at a time: the forward pass, the loss, every gradient the backward pass sends, every update. Step shows a step here whole.</source>
        <translation>逐步（O）把下一个训练步一次一个运算地走完：前向传播、损失、反向传播送出的每个梯度、每次更新参数。单步则在这里显示完整的一步。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Backprop: no step traced yet</source>
        <translation>反向传播：还没有记录任何一步</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>forward {k} of {n}</source>
        <translation>前向 {k} / {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>backward {k} of {n}</source>
        <translation>反向 {k} / {n}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>update {k} of {n}</source>
        <translation>更新 {k} / {n}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step {step}, walking: {where} · Walk (O) for the next · Step finishes it</source>
        <translation>第 {step} 步，逐步进行中：{where} · 逐步（O）走下一个 · 单步走完这一步</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Step {step}, traced (training has gone on since: Walk, or Step while this panel shows, traces the next step)</source>
        <translation>第 {step} 步，已记录（之后训练已继续：逐步，或在显示本面板时按单步，会记录下一步）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step {step}, traced: loss {loss} · Walk (O) walks the next step</source>
        <translation>第 {step} 步，已记录：损失 {loss} · 逐步（O）走下一步</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>first</source>
        <translation>第一个</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>second</source>
        <translation>第二个</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>third</source>
        <translation>第三个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>#{k}</source>
        <translation>第 {k} 个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the {nth} {op} of layer {n}</source>
        <translation>第 {n} 层的{nth} {op}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the {nth} {op}</source>
        <translation>{nth} {op}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{op} of layer {n}</source>
        <translation>第 {n} 层的 {op}</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+46"/>
        <source>layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
    <message>
        <location line="-40"/>
        <location line="+2"/>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>grad before this step</source>
        <translation>这一步之前的梯度</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>new = {name} − α·d{name}</source>
        <translation>新值 = {name} − α·d{name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>new {name} ({opt})</source>
        <translation>新的 {name}（{opt}）</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+4"/>
        <source>grad</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="-22"/>
        <location line="+18"/>
        <source>grad (sum)</source>
        <translation>梯度（求和）</translation>
    </message>
    <message>
        <location line="-109"/>
        <source>Rebuilding step {step}&apos;s backprop…</source>
        <translation>正在重建第 {step} 步的反向传播…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Step {step}, looking back: no backprop to show</source>
        <translation>第 {step} 步，回看中：没有反向传播可显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step {step}, looking back: loss {loss}, the step as it ran · Live shows the newest · Walk (O) goes live and walks the next step</source>
        <translation>第 {step} 步，回看中：损失 {loss}，这一步当时的样子 · “实时”显示最新一步 · 逐步 (O) 回到实时并逐步演示下一步</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Step {step}, traced: loss {loss}</source>
        <translation>第 {step} 步，已记录：损失 {loss}</translation>
    </message>
    <message>
        <location line="+56"/>
        <location line="+21"/>
        <source>grad so far ({k} of {n})</source>
        <translation>目前的梯度（{k} / {n}）</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+1"/>
        <source>out</source>
        <translation>输出</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>d out</source>
        <translation>d 输出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} ✓</source>
        <translation>{name} ✓</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>← grad to {t}</source>
        <translation>← 梯度传给 {t}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>leaf</source>
        <translation>叶子</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>value:</source>
        <translation>值：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>gradient:</source>
        <translation>梯度：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Press Walk (O) to follow the next step one operation at a time.</source>
        <translation>按逐步（O），一次一个运算地跟着下一步走。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Step {step} done: loss {loss}. </source>
        <translation>第 {step} 步完成：损失 {loss}。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>multiplies {a} by {b} (matrix product)</source>
        <translation>把 {a} 乘以 {b}（矩阵乘法）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>adds {a} and {b}</source>
        <translation>把 {a} 和 {b} 相加</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>subtracts {b} from {a}</source>
        <translation>从 {a} 中减去 {b}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>multiplies {a} and {b} entry by entry</source>
        <translation>把 {a} 和 {b} 逐元素相乘</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>divides {a} by {b}</source>
        <translation>把 {a} 除以 {b}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>negates {a}</source>
        <translation>对 {a} 取负</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>transposes {a}</source>
        <translation>把 {a} 转置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>squashes {a} with the sigmoid 1 / (1 + e⁻ˣ)</source>
        <translation>用 sigmoid 1 / (1 + e⁻ˣ) 压缩 {a}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>squashes {a} with tanh</source>
        <translation>用 tanh 压缩 {a}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keeps the positive entries of {a} (ReLU)</source>
        <translation>保留 {a} 中的正元素（ReLU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>turns {a} into probabilities (softmax)</source>
        <translation>把 {a} 变成概率（softmax）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>measures the cross-entropy of {a} against the targets</source>
        <translation>计算 {a} 相对目标的交叉熵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>measures the mean cross-entropy of {a} against the targets</source>
        <translation>计算 {a} 相对目标的平均交叉熵</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>repeats {a} {k} times along axis {axis} (one copy per sample)</source>
        <translation>沿第 {axis} 轴把 {a} 重复 {k} 次（每个样本一份，扩展）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>adds {a} up along axis {axis}</source>
        <translation>沿第 {axis} 轴对 {a} 求和</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>computes {op} of {args}</source>
        <translation>计算 {args} 的 {op}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The loss: {op}{code} {what}: loss = {v}.</source>
        <translation>损失：{op}{code} {what}：loss = {v}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forward: {op}{code} {what}: {noun} = {v}.</source>
        <translation>前向传播：{op}{code} {what}：{noun} = {v}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>, summed over the batch,</source>
        <translation>，在批次上求和，</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sends its gradient</source>
        <translation>送出它的梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>passes its gradient on unchanged</source>
        <translation>把梯度原样传下去</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+14"/>
        <source>sends −grad</source>
        <translation>送出 −梯度</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>sends grad × {other}</source>
        <translation>送出梯度 × {other}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sends grad · {other}ᵀ</source>
        <translation>送出梯度 · {other}ᵀ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sends inputᵀ · grad (input = {other})</source>
        <translation>送出 输入ᵀ · 梯度（输入 = {other}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sums its gradient over axis {axis} (the batch)</source>
        <translation>沿第 {axis} 轴（批次）对梯度求和</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>copies its gradient along axis {axis}</source>
        <translation>沿第 {axis} 轴复制梯度</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sends grad × s·(1 − s)</source>
        <translation>送出梯度 × s·(1 − s)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sends grad × (1 − t²)</source>
        <translation>送出梯度 × (1 − t²)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sends grad where its input was positive, 0 elsewhere</source>
        <translation>输入为正处送出梯度，其余为 0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sends gradᵀ</source>
        <translation>送出梯度ᵀ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sends softmax − target</source>
        <translation>送出 softmax − 目标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sends (softmax − target) / N</source>
        <translation>送出 (softmax − 目标) / N</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sends its share of the gradient</source>
        <translation>送出它那一份梯度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Backward starts at the loss: d loss / d loss = {g}.</source>
        <translation>反向传播从损失开始：d loss / d loss = {g}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{src} {rule} to {target}: {g}.</source>
        <translation>{src} {rule} 给 {target}：{g}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{target} has now received {k} of {n} gradients; their sum: {s}.</source>
        <translation>{target} 已收到 {n} 个梯度中的 {k} 个；它们的和：{s}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gradients were not zeroed: d{name} is the old d{name} plus this: {s}.</source>
        <translation>梯度没有清零：d{name} 是旧的 d{name} 加上这个：{s}。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Update {name} ← {name} − α·d{name} (α = {alpha}): {where} = {b} − {alpha} × {g} = {a}.</source>
        <translation>更新参数 {name} ← {name} − α·d{name}（α = {alpha}）：{where} = {b} − {alpha} × {g} = {a}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Update {name} with {opt}: {where} = {b} + ({d}) = {a}.</source>
        <translation>用 {opt} 更新 {name}：{where} = {b} + ({d}) = {a}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>NaN</source>
        <translation>NaN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>infinite</source>
        <translation>无穷大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the forward of</source>
        <translation>前向传播中</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the backward of</source>
        <translation>反向传播中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the update of</source>
        <translation>更新参数中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> in layer {n}</source>
        <translation>（第 {n} 层）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped: {phase} {what}{layer} gave {kind} values, so the step diverged. Press Reset (and try a smaller learning rate).</source>
        <translation>已停止：{phase} {what}{layer} 得到了 {kind} 值，所以这一步发散了。请按重置（并试试更小的学习率）。</translation>
    </message>
</context>
<context>
    <name>CellEditor</name>
    <message>
        <location filename="../../playground/views/cell_editor.py" line="+123"/>
        <source>{grad} is the gradient backprop computed, not a setting: double-click a cell of {param} to change that instead</source>
        <translation>{grad} 是反向传播算出的梯度，不能手动设置：请双击 {param} 的格子来修改它</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weights can be changed only in the main window</source>
        <translation>只能在主窗口中修改权重</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pause first (Space): a weight or bias can be changed only between steps</source>
        <translation>请先暂停（空格键）：权重或偏置只能在两步之间修改</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Finish the walk through this step first (Step): a weight or bias can be changed only between steps</source>
        <translation>请先走完这一步的逐步演示（单步）：权重或偏置只能在两步之间修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The step shown is still on its way: try again in a moment</source>
        <translation>要显示的这一步还在加载：请稍后再试</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The run has diverged: press Reset, or go back to an earlier step on the timeline and change it there</source>
        <translation>训练已发散：请按重置，或在时间线上回到更早的一步，在那里修改</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>New value of {cell}: Enter applies it (the next step starts from it), Esc cancels</source>
        <translation>{cell} 的新值：回车键应用（下一步从它开始），Esc 键取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New value of {cell} at step {step:,}: Enter goes back to that step with it (the later steps stay as a ghost), Esc cancels</source>
        <translation>{cell} 在第 {step:,} 步的新值：回车键带着它回到那一步（之后的步保留为淡色的旧曲线），Esc 键取消</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Not applied: {reason}</source>
        <translation>未应用：{reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{cell}: Enter applies, Esc cancels</source>
        <translation>{cell}：回车键应用，Esc 键取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{cell} at step {step:,}: Enter goes back there with it, Esc cancels</source>
        <translation>{cell}（第 {step:,} 步）：回车键带着它回到那一步，Esc 键取消</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <location filename="../../playground/controls.py" line="+64"/>
        <source>Data set</source>
        <extracomment>Config field -&gt; the name the user sees next to it (English; field_label() translates it).</extracomment>
        <translation>数据集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Learning rate α</source>
        <translation>学习率 α</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zero gradients</source>
        <translation>梯度清零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step limit</source>
        <translation>步数上限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Imported data</source>
        <translation>导入的数据</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{label} (&quot;{key}&quot;) {problem}</source>
        <translation>{label}（“{key}”）{problem}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{label}: {problem}</source>
        <translation>{label}：{problem}</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>a whole number from {lo:,} to {hi:,}</source>
        <translation>{lo:,} 到 {hi:,} 之间的整数</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>a number from {lo:g} to {hi:g}, e.g. {step:g}</source>
        <translation>{lo:g} 到 {hi:g} 之间的数，例如 {step:g}</translation>
    </message>
    <message>
        <location line="+176"/>
        <source>Network</source>
        <extracomment>(all fields valid, the first problem as &quot;Field: message&quot; or &quot;&quot;) any field changed (typed, picked, or filled by set_config) a spin box refused what was typed: &quot;Field: refused &apos;1e&apos;: …&quot; (the field kept its value)</extracomment>
        <translation>网络</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Test part</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>e.g. 16, 16  or  none</source>
        <translation>例如 16, 16  或  无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sizes of the hidden layers, first to last, e.g. 3 or 16, 16.
Each from {lo} to {hi} units, at most {most} layers; &apos;none&apos; for no hidden layer (a linear model).</source>
        <translation>隐藏层的大小，从前到后，例如 3 或 16, 16。
每层 {lo} 到 {hi} 个单元，最多 {most} 层；写“无”（或 none）表示没有隐藏层（线性模型）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove the last hidden layer</source>
        <translation>删除最后一个隐藏层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a hidden layer (the same size as the last one)</source>
        <translation>添加一个隐藏层（大小与最后一层相同）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer widths from inputs to outputs</source>
        <translation>从输入到输出各层的宽度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The non-linearity between layers (none after the output layer)</source>
        <translation>层与层之间的非线性（输出层之后没有）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bias b in every layer</source>
        <translation>每层都有偏置 b</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without a bias every layer&apos;s output is 0 at the origin, so decision boundaries must pass through it.</source>
        <translation>没有偏置时，每层在原点的输出都是 0，所以决策边界必须经过原点。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Initial weights are drawn from this seed: the same seed gives the same network</source>
        <translation>初始权重由这个随机种子生成：相同的种子得到相同的网络</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The learning rate α: a number greater than {lo} up to {hi}, e.g. 0.05 or 1e-3. Applies at once, even while training.</source>
        <translation>学习率 α：大于 {lo}、不超过 {hi} 的数，例如 0.05 或 1e-3。立即生效，训练中也可以改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Learning rate on a log scale, 0.00001 to 10</source>
        <translation>对数刻度的学习率，0.00001 到 10</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples per step, {lo:,} to {hi:,}; empty or &apos;all&apos; = the whole training set every step</source>
        <translation>每步的样本数，{lo:,} 到 {hi:,}；留空或写“全部”（或 all）= 每步用整个训练集</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zero gradients after each step</source>
        <translation>每步之后梯度清零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On: every step starts from zero gradients, as it should.
Off: each backward pass ADDS its gradients to those of all earlier steps (they accumulate),
so the updates keep growing: the classic bug of forgetting optimizer.zero().</source>
        <translation>开：每一步都从零梯度开始，这是正确的做法。
关：每次反向传播都把梯度【加】到之前所有步的梯度上（梯度累积），
于是更新越来越大：这就是忘记 optimizer.zero() 的经典错误。</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+154"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="-153"/>
        <source>Stop after this many steps ({lo:,} to {hi:,}); empty = no limit. Applies at once, no Reset needed</source>
        <translation>训练这么多步后停止（{lo:,} 到 {hi:,}）；留空 = 不限。立即生效，无需重置</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(The tutorial&apos;s data set is always its 4 samples.)</source>
        <translation>（教程的数据集始终是它的 4 个样本。）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many samples to generate, {lo:,} to {hi:,}</source>
        <translation>生成多少个样本，{lo:,} 到 {hi:,}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How far samples scatter from the clean pattern, 0 to 1</source>
        <translation>样本偏离理想图案的程度，0 到 1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of the samples held out to measure the test loss, 0 to 0.9</source>
        <translation>留作测试集、用来测量测试损失的样本比例，0 到 0.9</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The data set is generated from this seed</source>
        <translation>数据集由这个种子生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The imported file&apos;s rows: all of them are used</source>
        <translation>导入文件的行数：全部用于训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An imported file&apos;s values are used as they are: no noise is added</source>
        <translation>导入文件的数值按原样使用：不加噪声</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>refused {text}</source>
        <translation>不接受 {text}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refused an empty field</source>
        <translation>不接受空白</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what}: type {allowed} (it stays {value})</source>
        <translation>{what}：请输入 {allowed}（仍为 {value}）</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>{name} (imported)</source>
        <translation>{name}（导入）</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Changes apply on Reset: {names}</source>
        <translation>重置后生效的更改：{names}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>enter the hidden layer sizes, e.g. 16, 16 (each from {lo} to {hi}), or &apos;none&apos; for no hidden layer</source>
        <translation>请输入隐藏层大小，例如 16, 16（每层 {lo} 到 {hi}），没有隐藏层请写“无”</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{problem} (each from {lo} to {hi})</source>
        <translation>{problem}（每层 {lo} 到 {hi}）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>{text} is not {allowed}</source>
        <translation>{text} 不是{allowed}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>enter {allowed}</source>
        <translation>请输入 {allowed}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a number greater than {lo} up to {hi}, e.g. 0.05</source>
        <translation>大于 {lo}、不超过 {hi} 的数，例如 0.05</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>enter the learning rate: {allowed}</source>
        <translation>请输入学习率：{allowed}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{text!r} is not a number; the learning rate must be {allowed}</source>
        <translation>{text!r} 不是数字；学习率必须是{allowed}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{problem}; the learning rate must be {allowed}</source>
        <translation>{problem}；学习率必须是{allowed}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{text!r} is not a whole number; use {lo:,} to {hi:,}, or leave it empty for {empty}</source>
        <translation>{text!r} 不是整数；请用 {lo:,} 到 {hi:,}，或留空表示“{empty}”</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>{n:,} parameters (weights and biases)</source>
        <translation>{n:,} 个参数（权重和偏置）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Fix the fields marked in red</source>
        <translation>请修改标红的字段</translation>
    </message>
</context>
<context>
    <name>DataInOut</name>
    <message>
        <location filename="../../playground/data_io.py" line="+34"/>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Data (*.csv *.tsv *.txt);;All files (*)</source>
        <translation>数据 (*.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+7"/>
        <source>Imported {what}.</source>
        <translation>已导入 {what}。</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>{field} {value}</source>
        <translation>{field}（{value}）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> and </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{imported} Set {changes} to suit it.</source>
        <translation>{imported}已把{changes}设为适合它的值。</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not export {file}: {why}</source>
        <translation>无法导出 {file}：{why}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported {steps:,} steps as {file}: run it with python {name}.</source>
        <translation>已把 {steps:,} 步导出为 {file}：用 python {name} 运行它。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export as a PyTorch script</source>
        <translation>导出为 PyTorch 脚本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export as a Python script</source>
        <translation>导出为 Python 脚本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Python (*.py)</source>
        <translation>Python (*.py)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not export to {folder}: {why}</source>
        <translation>无法导出到 {folder}：{why}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Exported {n} files to {folder}.</source>
        <translation>已导出 {n} 个文件到 {folder}。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export pictures and numbers to</source>
        <translation>把图片和数据导出到</translation>
    </message>
</context>
<context>
    <name>ExperimentFiles</name>
    <message>
        <location filename="../../playground/experiment_files.py" line="+32"/>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go on with the last session: its settings, weights, loss curve and history, from the step it reached</source>
        <translation>接着上次的训练：它的设置、权重、损失曲线和历史，从它到达的那一步继续</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start afresh instead (the last session is replaced by this one when you quit)</source>
        <translation>改为重新开始（退出时，上次的训练会被这一次取代）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Continue where you left off ({what})?</source>
        <translation>从上次离开的地方继续（{what}）？</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not saved: {problem}</source>
        <translation>未保存：{problem}</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+15"/>
        <source>Could not save {file}: {why}</source>
        <translation>无法保存 {file}：{why}</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Saved the settings to {file} (a .json file keeps the settings only; save as {suffix} to keep the weights and the run too).</source>
        <translation>已把设置保存到 {file}（.json 文件只保存设置；另存为 {suffix} 才会同时保存权重和训练过程）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not save {file}: {why}.</source>
        <translation>无法保存 {file}：{why}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Saved step {step:,} to {file}: the settings, weights, optimizer state, loss curve and {recorded:,} recorded steps.</source>
        <translation>已把第 {step:,} 步保存到 {file}：设置、权重、优化器状态、损失曲线和记录的 {recorded:,} 步。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The changed settings waiting for Reset are not in it.</source>
        <translation>尚待“重置”生效的设置改动不在其中。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Could not open {file}: {problem}. Nothing was changed.</source>
        <translation>无法打开 {file}：{problem}。没有做任何更改。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not open {file}: there is not enough memory for it. Nothing was changed.</source>
        <translation>无法打开 {file}：内存不足。没有做任何更改。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Opened {file} (settings only: training starts from step 0).</source>
        <translation>已打开 {file}（只有设置：训练从第 0 步开始）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Opened {file} at step {step:,}, with its loss curve, weights and optimizer state: the next step is {next:,}.</source>
        <translation>已打开 {file}，位于第 {step:,} 步，包括损失曲线、权重和优化器状态：下一步是第 {next:,} 步。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>must be at most {most:,} in the app</source>
        <translation>在本程序中不能超过 {most:,}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open experiment</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experiments (*{suffix} *.json);;All files (*)</source>
        <translation>实验 (*{suffix} *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Experiments (*{suffix})</source>
        <translation>实验 (*{suffix})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings only (*.json)</source>
        <translation>只保存设置 (*.json)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save experiment as</source>
        <translation>实验另存为</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Removed from the recent files, as they are no longer there (moved or deleted): {files}.</source>
        <translation>已从最近打开的文件中移除（它们已不在原处，被移动或删除了）：{files}。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear recent files</source>
        <translation>清除最近打开的文件</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{file} is no longer there (moved or deleted): removed it from the recent files.</source>
        <translation>{file} 已不在原处（被移动或删除了）：已从最近打开的文件中移除。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../playground/views/plot_export.py" line="+91"/>
        <location line="+4"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Item to export:</source>
        <translation>要导出的内容：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export format</source>
        <translation>导出格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export options</source>
        <translation>导出选项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Entire Scene</source>
        <translation>整个画面</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plot</source>
        <translation>图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plot area</source>
        <translation>绘图区</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Could not export {file}: {why}</source>
        <translation>无法导出 {file}：{why}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not export: {why}</source>
        <translation>无法导出：{why}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exported {file}.</source>
        <translation>已导出 {file}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location line="-150"/>
        <source>Image File (PNG, TIF, JPG, ...)</source>
        <extracomment>What pyqtgraph translates in its &quot;Exporter&quot; context: the formats&apos; names, their options&apos; titles and the choices of its CSV options (listed for pyside6-lupdate; pyqtgraph asks for them).</extracomment>
        <translation>图片文件（PNG、TIF、JPG 等）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scalable Vector Graphics (SVG)</source>
        <translation>可缩放矢量图（SVG）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV of original plot data</source>
        <translation>原始绘图数据（CSV）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HDF5 Export: plot (x,y)</source>
        <translation>HDF5 导出：曲线 (x,y)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matplotlib Window</source>
        <translation>Matplotlib 窗口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scalable Vector Graphics</source>
        <translation>可缩放矢量图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>antialias</source>
        <translation>抗锯齿</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>invertValue</source>
        <translation>反转明暗</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>scaling stroke</source>
        <translation>线宽随缩放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>separator</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>columnMode</source>
        <translation>列的排法</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(x,y) per plot</source>
        <translation>每条曲线一组 (x,y)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(x,y,y,y) for all plots</source>
        <translation>所有曲线共用 (x,y,y,y)</translation>
    </message>
</context>
<context>
    <name>Flags</name>
    <message>
        <location filename="../../playground/views/flags.py" line="+67"/>
        <source>Layer {layer}: these health checks hold at this step (see the Health panel&apos;s findings)</source>
        <translation>第 {layer} 层：这一步时以下健康检查成立（见健康面板的发现）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{sign} {check}: {rule}</source>
        <translation>{sign} {check}：{rule}</translation>
    </message>
</context>
<context>
    <name>GradNormPanel</name>
    <message>
        <location filename="../../playground/views/grad_norms.py" line="+66"/>
        <source>vanishing (&lt; largest / 1000)</source>
        <extracomment>The projector theme: Okabe–Ito blue and vermillion, a darker grey (no pale grey on white).</extracomment>
        <translation>梯度消失（&lt; 最大值 / 1000）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vanishing</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>healthy</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exploding (&gt; 10³)</source>
        <translation>梯度爆炸（&gt; 10³）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exploding</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <location line="+261"/>
        <source>‖dW‖ (log scale)</source>
        <translation>‖dW‖（对数刻度）</translation>
    </message>
    <message>
        <location line="-147"/>
        <location line="+48"/>
        <source>Gradient size per layer</source>
        <translation>每层的梯度大小</translation>
    </message>
</context>
<context>
    <name>GradientsTab</name>
    <message>
        <location filename="../../playground/views/health.py" line="+417"/>
        <source>gradient ‖dW‖</source>
        <translation>梯度 ‖dW‖</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>update ratio ‖ΔW‖/‖W‖</source>
        <translation>更新比 ‖ΔW‖/‖W‖</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <location filename="../../playground/views/loss_plot.py" line="+186"/>
        <source>Export...</source>
        <extracomment>The projector theme (presentation mode): Okabe–Ito colours, which colour-blind students can tell apart, and lines 1.7 times as thick.</extracomment>
        <translation>导出…</translation>
    </message>
</context>
<context>
    <name>Guide</name>
    <message>
        <location filename="../../playground/guide.py" line="+33"/>
        <source>&lt;b&gt;Step&lt;/b&gt; (S or →): one training step, then every matrix shows its new values: W and b after the update, dW and db the gradients that made it.</source>
        <translation>&lt;b&gt;单步&lt;/b&gt;（S 或 →）：训练一步，然后每个矩阵显示新的值：W 和 b 是更新后的参数，dW 和 db 是这次更新所用的梯度。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Walk&lt;/b&gt; (O or Shift+→): one operation at a time through one step, in the &lt;b&gt;Backprop&lt;/b&gt; panel: each press computes the next forward operation, then the loss, then sends one gradient backward (the box doing it in orange, the box receiving it in blue, with the sum it has so far), then updates each parameter (W − α·dW). The line under the graph says what happens, with the numbers. The step counts only when the walk is over; Step finishes it at once. Point at a box for its numbers in full; in a deep net click a layer&apos;s block to unfold it.</source>
        <translation>&lt;b&gt;逐步&lt;/b&gt;（O 或 Shift+→）：在&lt;b&gt;反向传播&lt;/b&gt;面板里一次一个运算地走完一步：每按一次，先计算下一个前向运算，然后是损失，然后把一个梯度向后传（送出的方框为橙色，接收的方框为蓝色，并显示它目前的梯度之和），最后更新每个参数（W − α·dW）。图下方的一行用数字说明正在发生什么。走完之后这一步才计数；按单步会立刻走完。鼠标指向方框可看完整的数；在深层网络中点击某层的方块可展开它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;Start / Pause&lt;/b&gt; (Space): train continuously; the &lt;b&gt;Speed&lt;/b&gt; slider goes from 1 step a second to as fast as the engine runs.</source>
        <translation>&lt;b&gt;开始 / 暂停&lt;/b&gt;（空格键）：连续训练；&lt;b&gt;速度&lt;/b&gt;滑块从每秒 1 步到引擎能跑的最快速度。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Reset&lt;/b&gt; (Ctrl+R): back to step 0 with the same seed, so the same initial weights. Changes to the network apply on Reset; the learning rate and the step limit apply at once.</source>
        <translation>&lt;b&gt;重置&lt;/b&gt;（Ctrl+R）：回到第 0 步，随机种子相同，所以初始权重也相同。网络的更改在重置后生效；学习率和步数上限立即生效。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Point at a matrix cell for its exact value; blue is negative, red positive, and all weights share one colour scale, all gradients another.</source>
        <translation>鼠标指向矩阵的格子可看到精确值；蓝色为负，红色为正；所有权重共用一个颜色刻度，所有梯度共用另一个。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Gradient size per layer&lt;/b&gt;: grey bars learn over a thousand times slower than the fastest layer (vanishing); red bars are over 10³ (exploding).</source>
        <translation>&lt;b&gt;每层的梯度大小&lt;/b&gt;：灰色柱子的层比最快的层学得慢一千倍以上（梯度消失）；红色柱子超过 10³（梯度爆炸）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Timeline&lt;/b&gt;: drag the slider under the loss curve, or click on the curve, to go back to any recorded step: the matrices, bars, prediction and the Health panel show that step (an orange line marks it) while training goes on. &lt;b&gt;Live&lt;/b&gt;, or dragging to the end, follows training again. A red triangle on the curve marks each finding; click a finding in the Health panel to go to its step.</source>
        <translation>&lt;b&gt;时间线&lt;/b&gt;：拖动损失曲线下方的滑块，或点击曲线，即可回到任意已记录的步：矩阵、梯度条、预测和健康面板都显示那一步（用一条橙色线标出），训练照常进行。&lt;b&gt;实时&lt;/b&gt;按钮（或把滑块拖到最右端）重新跟随训练。曲线上的红色三角标出每条诊断发现；在健康面板中点击一条发现即可跳到它的那一步。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;Backprop&lt;/b&gt; panel, looking back: it shows the step on the timeline as it ran, its forward values, gradients and updates (rebuilt exactly from the step before; a step whose start was thinned away from a long run says so). Walk goes live first.</source>
        <translation>回看时的&lt;b&gt;反向传播&lt;/b&gt;面板：显示时间轴上那一步当时的样子，包括它的前向传播值、梯度和参数更新（从前一步精确重建；长时间训练中起点已被稀疏掉的步会说明这一点）。逐步会先回到实时。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;Flags&lt;/b&gt;: while a health check holds for a layer, its matrices&apos; titles and its gradient bar carry ⚠ and the check&apos;s name in red (point at them for what the check means); they clear once the check has been quiet for {clear} steps, and looking back shows that step&apos;s flags.</source>
        <translation>&lt;b&gt;标记&lt;/b&gt;：某项健康检查对某一层成立时，这一层矩阵的标题和它的梯度条会以红色显示 ⚠ 和检查的名称（指向它们可看到检查的含义）；检查连续 {clear} 步不再成立后标记才清除，回看时显示那一步的标记。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Resume from here&lt;/b&gt; (paused, looking back): train on from the step shown; the later steps are dropped and their curve stays as a faded ghost. With nothing changed the next step gives exactly the loss it gave before.</source>
        <translation>&lt;b&gt;从这里继续&lt;/b&gt;（暂停且正在回看时）：从显示的这一步继续训练；之后的步被丢弃，它们的曲线保留为淡色的旧曲线。若什么都没改，下一步的损失与原来完全相同。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;What if&lt;/b&gt; (paused): double-click a cell of W or b, or point at it and press Enter, and type a new value, as TensorFlow Playground lets you change a link&apos;s weight. Enter applies it, Esc cancels; the next step starts from it, and the status line says what it was before. Each edit is kept in the run&apos;s history and saved with the experiment. Looking back at an earlier step, the edit goes back there: training resumes from that step with the change, and the old continuation stays as a ghost named after the edit (&quot;without W1[0,1] = 0.5&quot;). A value must be a finite number of size at most {limit:,.0f}: anything else is refused in place, in red, saying why. The gradients dW and db are computed by backprop, not set.</source>
        <translation>&lt;b&gt;假如&lt;/b&gt;（暂停时）：双击 W 或 b 的一个格子（或指向它再按回车键），输入新值，就像 TensorFlow Playground 让你修改一条连接的权重那样。回车键应用，Esc 键取消；下一步从它开始，状态栏会说出它原来的值。每次修改都记在这次运行的历史里，并随实验一起保存。回看更早的一步时，修改就发生在那一步：训练带着这个修改从那一步继续，原来的后续保留为一条以这次修改命名的淡色旧曲线（&quot;未改 W1[0,1] = 0.5&quot;）。新值必须是绝对值不超过 {limit:,.0f} 的有限数：其他输入会被当场拒绝，标红并说明原因。梯度 dW 和 db 由反向传播算出，不能手动设置。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Ghosts&lt;/b&gt;: each Reset keeps the run before as a faded curve, named after what it had that this run has not (&quot;zeroing on&quot;, &quot;α 0.05&quot;, &quot;no bias&quot;), and this run&apos;s entry says what it has instead (&quot;train (zeroing off)&quot;); up to 5. Another data set clears them: its losses are on another scale. &lt;b&gt;Clear ghosts&lt;/b&gt; removes them.</source>
        <translation>&lt;b&gt;旧曲线&lt;/b&gt;：每次重置都会把上一次运行保留为一条淡色曲线，并以它与本次运行的不同之处命名（&quot;梯度清零：开&quot;、&quot;α 0.05&quot;、&quot;无偏置&quot;），本次运行的图例则写出它自己的不同之处（&quot;训练集（梯度清零：关）&quot;）；最多 5 条。换了数据集就会清除它们：它们的损失不在同一个尺度上。&lt;b&gt;清除旧曲线&lt;/b&gt;可将其移除。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;b&gt;Health&lt;/b&gt; panel: every layer&apos;s ‖dW‖ and update ratio ‖ΔW‖/‖W‖ over the steps; its list names what the checks found, why (by the chain rule) and what to try. The checks: &lt;b&gt;vanishing&lt;/b&gt; ‖dW‖ under {vanishing:g} of the largest layer&apos;s; &lt;b&gt;exploding&lt;/b&gt; ‖dW‖ over {exploding:g}, or over {grow_from:g} and grown {grow:g}-fold within {grow_steps} steps; &lt;b&gt;update ratio&lt;/b&gt; outside {low} … {high} for {ratio_steps} steps running (about 10⁻³ is healthy); &lt;b&gt;dead ReLU&lt;/b&gt; over half of a layer&apos;s units output 0 for {dead_steps} steps; &lt;b&gt;saturated&lt;/b&gt; over half of a tanh or sigmoid layer&apos;s outputs flat for {saturated_steps} steps; &lt;b&gt;stalled&lt;/b&gt; mean |ΔW| ≤ 10⁻⁸ + 10⁻⁵ · mean |W| for {stalled_steps} steps; &lt;b&gt;non-finite&lt;/b&gt; a NaN or infinity; &lt;b&gt;loss rising&lt;/b&gt; for {rising} steps running ({rising_acc} when gradients are not zeroed). Once the loss is under {converged:.0%} of its first, the net has converged: its updates are small because its errors are, so neither &lt;b&gt;stalled&lt;/b&gt; nor a too small update ratio is raised.</source>
        <translation>&lt;b&gt;健康&lt;/b&gt;面板：每一层的 ‖dW‖ 和更新比 ‖ΔW‖/‖W‖ 随步数的变化；下面的列表说明检查发现了什么、（按链式法则）为什么、以及可以试什么。各项检查：&lt;b&gt;梯度消失&lt;/b&gt; ‖dW‖ 不到最大那一层的 {vanishing:g}；&lt;b&gt;梯度爆炸&lt;/b&gt; ‖dW‖ 超过 {exploding:g}，或超过 {grow_from:g} 且在 {grow_steps} 步内增长了 {grow:g} 倍；&lt;b&gt;更新比&lt;/b&gt; 连续 {ratio_steps} 步在 {low} … {high} 之外（约 10⁻³ 才健康）；&lt;b&gt;ReLU 死亡&lt;/b&gt; 一层中过半的单元连续 {dead_steps} 步输出 0；&lt;b&gt;饱和&lt;/b&gt; tanh 或 sigmoid 层过半的输出连续 {saturated_steps} 步处在平坦处；&lt;b&gt;停滞&lt;/b&gt; 连续 {stalled_steps} 步平均 |ΔW| ≤ 10⁻⁸ + 10⁻⁵ · 平均 |W|；&lt;b&gt;非有限值&lt;/b&gt; 出现 NaN 或无穷大；&lt;b&gt;损失上升&lt;/b&gt; 连续 {rising} 步上升（梯度不清零时为 {rising_acc} 步）。损失一旦低于最初损失的 {converged:.0%}，网络就已经收敛：它的更新很小是因为误差已经很小，所以既不报&lt;b&gt;停滞&lt;/b&gt;，也不报更新比过小。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The Health panel&apos;s second tab, &lt;b&gt;Weights and activations&lt;/b&gt;: each layer&apos;s ‖W‖, its share of dead (ReLU) or saturated (tanh, sigmoid) units and its activations&apos; mean ± one standard deviation, in the same colours. Sigmoid layers all at 0.5 with almost no spread (&lt;code&gt;vanishing&lt;/code&gt;) barely depend on the input; over half dead or saturated (the dashed line) for {steps} steps is a finding.</source>
        <translation>健康面板的第二个标签页&lt;b&gt;权重与激活&lt;/b&gt;：每一层的 ‖W‖、死亡（ReLU）或饱和（tanh、sigmoid）单元所占的比例，以及激活值的均值 ± 一个标准差，颜色与第一个标签页相同。sigmoid 层的激活都在 0.5 附近、几乎没有散布时（“梯度消失”课程），几乎不随输入变化；过半单元死亡或饱和（虚线）连续 {steps} 步就会报出一条发现。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;Training ▸ Check gradients numerically&lt;/b&gt; compares backprop&apos;s gradients with finite differences. A lesson in it: the book&apos;s &lt;code&gt;cross_entropy&lt;/code&gt; (as &lt;code&gt;Tensor.cross_entropy&lt;/code&gt; keeps it) reports the mean loss but sends back softmax − target, N times the gradient of that mean, and the check, run on it, reports exactly that factor N. The window&apos;s own cross-entropy uses the exact gradient.</source>
        <translation>&lt;b&gt;训练 ▸ 数值检查梯度&lt;/b&gt;把反向传播的梯度与有限差分比较。其中有一课：书中的 &lt;code&gt;cross_entropy&lt;/code&gt;（&lt;code&gt;Tensor.cross_entropy&lt;/code&gt; 保留了它的写法）报告的是平均损失，反向传回的却是 softmax − target，即这个平均值梯度的 N 倍；对它运行检查，报告的正是这个因子 N。窗口自己的交叉熵使用精确的梯度。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;View ▸ Language&lt;/b&gt;: English or 中文, switched at once; the run goes on.</source>
        <translation>&lt;b&gt;视图 ▸ 语言&lt;/b&gt;：English 或中文，立即切换；训练继续进行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Controls</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+15"/>
        <source>Gradient Playground guide</source>
        <translation>梯度演练场指南</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About Gradient Playground</source>
        <translation>关于梯度演练场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;h3&gt;Gradient Playground&lt;/h3&gt;&lt;p&gt;Build a small neural network, train it on a numpy autograd engine written from scratch, and watch every weight and gradient after every step.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Space&lt;/b&gt; start / pause · &lt;b&gt;S&lt;/b&gt; or &lt;b&gt;→&lt;/b&gt; one step · &lt;b&gt;O&lt;/b&gt; or &lt;b&gt;Shift+→&lt;/b&gt; one operation · &lt;b&gt;Ctrl+R&lt;/b&gt; reset&lt;/p&gt;</source>
        <translation>&lt;h3&gt;梯度演练场&lt;/h3&gt;&lt;p&gt;搭建一个小型神经网络，用从零写起的 numpy 自动求导引擎训练它，每一步之后都能看到每个权重和梯度。&lt;/p&gt;&lt;p&gt;&lt;b&gt;空格键&lt;/b&gt; 开始 / 暂停 · &lt;b&gt;S&lt;/b&gt; 或 &lt;b&gt;→&lt;/b&gt; 单步 · &lt;b&gt;O&lt;/b&gt; 或 &lt;b&gt;Shift+→&lt;/b&gt; 一个运算 · &lt;b&gt;Ctrl+R&lt;/b&gt; 重置&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Health</name>
    <message>
        <location filename="../../playground/views/health.py" line="+95"/>
        <source>vanishing</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exploding</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>update ratio</source>
        <translation>更新比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dead ReLU</source>
        <translation>ReLU 死亡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stalled</source>
        <translation>停滞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>non-finite</source>
        <translation>非有限值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loss rising</source>
        <translation>损失上升</translation>
    </message>
</context>
<context>
    <name>HealthPanel</name>
    <message>
        <location line="+175"/>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights &amp;&amp; activations</source>
        <translation>权重与激活</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each layer&apos;s gradient norm ‖dW‖ and update ratio ‖ΔW‖/‖W‖ over the steps</source>
        <translation>每一层的梯度范数 ‖dW‖ 和更新比 ‖ΔW‖/‖W‖ 随步数的变化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Each layer&apos;s weight norm ‖W‖, its share of dead (ReLU) or saturated (tanh, sigmoid) units, and its activations&apos; mean ± one standard deviation over the steps</source>
        <translation>每一层的权重范数 ‖W‖、死亡（ReLU）或饱和（tanh、sigmoid）单元所占的比例，以及激活值的均值 ± 一个标准差随步数的变化</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>What the health checks found, newest last: what is wrong, why, and what to try.</source>
        <translation>健康检查的发现（最新的在最后）：哪里出了问题、原因（链式法则），以及可以尝试什么。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No findings: every check has been quiet so far.</source>
        <translation>暂无发现：到目前为止各项检查都没有报警。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>layers:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>step {step} · {check}</source>
        <translation>第 {step} 步 · {check}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{head}: {message}</source>
        <translation>{head}：{message}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>recorded: {steps} steps, {mb} MB</source>
        <translation>已记录：{steps} 步，{mb} 兆字节</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../playground/import_dialog.py" line="+152"/>
        <source>Import data</source>
        <translation>导入数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The columns the network gets as inputs (numbers only)</source>
        <translation>作为网络输入的列（只能是数字）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The column the network learns to predict</source>
        <translation>网络要学会预测的列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standardise features (mean 0, standard deviation 1)</source>
        <translation>标准化特征（均值 0，标准差 1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Real columns come in any scale; standardised, one learning rate suits them all</source>
        <translation>真实数据的列尺度各不相同；标准化之后，一个学习率就能适合所有列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>line {n}</source>
        <translation>第 {n} 行</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>{rows:,} rows, {columns} columns ({delimiter}-separated).</source>
        <translation>{rows:,} 行，{columns} 列（以 {delimiter} 分隔）。</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>{file}: {problem}</source>
        <translation>{file}：{problem}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{file}: {problem}.</source>
        <translation>{file}：{problem}。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{name} (the target)</source>
        <translation>{name}（目标）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot be the target: {problem}.</source>
        <translation>不能作为目标：{problem}。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Choose at least one feature column</source>
        <translation>请至少选择一个特征列</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Checking the columns…</source>
        <translation>正在检查各列…</translation>
    </message>
</context>
<context>
    <name>LiveSettings</name>
    <message>
        <location filename="../../playground/live_settings.py" line="+93"/>
        <source>Apply the changed settings and go back to step 0 (Ctrl+R)</source>
        <translation>应用更改的设置并回到第 0 步（Ctrl+R）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to step 0: same seed, same initial weights (Ctrl+R)</source>
        <translation>回到第 0 步：相同的随机种子，相同的初始权重（Ctrl+R）</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <location filename="../../playground/views/loss_plot.py" line="+460"/>
        <location line="+147"/>
        <source>train</source>
        <extracomment>Every step&apos;s loss is kept up to this many points; beyond it the whole history is thinned to its min/max envelope (halving it), so hours of training at thousands of steps a second keep memory bounded (7 columns × 8 bytes × at most 2 × HISTORY_CAP ≈ 110 MB). The drawn curve keeps between this many and twice this many (min, max) buckets of its points. Returns the last step drawn (None: no data); set by the plot.</extracomment>
        <translation>训练集</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+114"/>
        <location line="+164"/>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location line="-277"/>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the loss on a logarithmic axis (tiny losses become visible)</source>
        <translation>用对数坐标轴显示损失（很小的损失也看得见）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto-range</source>
        <translation>自动范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit the whole curve again after zooming or panning</source>
        <translation>缩放或平移之后，重新显示整条曲线</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>train ({what})</source>
        <translation>训练集（{what}）</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>after step {k:,}</source>
        <translation>第 {k:,} 步之后</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>without {edit}</source>
        <translation>未改 {edit}</translation>
    </message>
    <message>
        <location line="+330"/>
        <source>step {step:,} · loss {loss:.6g}</source>
        <translation>第 {step:,} 步 · 损失 {loss:.6g}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>test {loss:.6g}</source>
        <translation>测试集 {loss:.6g}</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>zeroing on</source>
        <translation>梯度清零：开</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>zeroing off</source>
        <translation>梯度清零：关</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bias</source>
        <translation>有偏置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no bias</source>
        <translation>无偏置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>init {init}</source>
        <translation>初始化 {init}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>hidden {sizes}</source>
        <translation>隐藏层 {sizes}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>batch {n}</source>
        <translation>批次 {n}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>seed {seed}</source>
        <translation>随机种子 {seed}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>data {name}</source>
        <translation>数据集 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>same settings</source>
        <translation>相同设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{edit} and {n} more edits</source>
        <translation>{edit} 及另外 {n} 处修改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>noise {value}</source>
        <translation>噪声 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>n_samples {value}</source>
        <translation>样本数 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>test_fraction {value}</source>
        <translation>测试集比例 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>data_seed {value}</source>
        <translation>数据种子 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>loss {value}</source>
        <translation>损失 {value}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../playground/toolbar.py" line="+28"/>
        <source>max</source>
        <extracomment>The speed slider&apos;s positions, in steps per second; None: as fast as the engine goes.</extracomment>
        <translation>最快</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{speed} step/s</source>
        <translation>{speed} 步/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{speed} steps/s</source>
        <translation>{speed} 步/秒</translation>
    </message>
    <message>
        <location filename="../../playground/window.py" line="+213"/>
        <source>Gradient Playground</source>
        <translation>梯度演练场</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Network &amp;&amp; training</source>
        <translation>网络与训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient norms</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <location filename="../../playground/settings_store.py" line="+55"/>
        <source>{file} was damaged; it is kept as {name}, the defaults are used</source>
        <translation>{file} 已损坏；已另存为 {name}，现在使用默认设置</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} is damaged and was ignored</source>
        <translation>{file} 已损坏，已被忽略</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>could not read {file}</source>
        <translation>无法读取 {file}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ignored unreadable {keys} in {file}</source>
        <translation>已忽略 {file} 中无法读取的 {keys}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>cannot save them: {file} is not writable</source>
        <translation>无法保存设置：{file} 不可写</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings: {problems}.</source>
        <translation>设置：{problems}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../playground/window.py" line="-91"/>
        <source>--preset was given no name</source>
        <translation>--preset 没有给出名字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unknown preset {name!r}</source>
        <translation>未知的预设 {name!r}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{what}; opened {title!r} instead. Presets: {names}.</source>
        <translation>{what}；已改为打开 {title!r}。预设有：{names}。</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>Backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health over time</source>
        <translation>梯度健康（随时间）</translation>
    </message>
    <message>
        <location line="+243"/>
        <source>Unknown preset {name!r}; presets: {names}.</source>
        <translation>未知的预设 {name!r}；预设有：{names}。</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Disabled: {problem}</source>
        <translation>不可用：{problem}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train continuously / pause (Space)</source>
        <translation>连续训练 / 暂停（空格键）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run exactly one training step and show it (S or →)</source>
        <translation>只训练一步并显示结果（S 或 →）</translation>
    </message>
</context>
<context>
    <name>MatrixPanel</name>
    <message>
        <location filename="../../playground/views/matrices.py" line="+746"/>
        <source>Run a step to see the weights and their gradients.</source>
        <translation>训练一步，就能看到权重和它们的梯度。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Point at a cell for its exact value · double-click a W or b cell to change it · rows: inputs, columns: units · blue &lt; 0 &lt; red</source>
        <translation>指向格子可看精确值 · 双击 W 或 b 的格子可修改它 · 行：输入，列：单元 · 蓝 &lt; 0 &lt; 红</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run diverged: hatched cells are NaN (not a number), ∞ saturates the colour</source>
        <translation>训练已发散：斜线格子是 NaN（非数），∞ 使颜色饱和</translation>
    </message>
    <message>
        <location line="+367"/>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>bias of unit {unit} in layer {layer}</source>
        <translation>第 {layer} 层单元 {unit} 的偏置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>input {row}</source>
        <translation>输入 {row}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit {row} of layer {layer}</source>
        <translation>第 {layer} 层的单元 {row}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{source} → unit {unit} of layer {layer}</source>
        <translation>{source} → 第 {layer} 层的单元 {unit}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <location filename="../../playground/menus.py" line="+151"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open experiment…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save experiment as…</source>
        <translation>实验另存为(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import data…</source>
        <translation>导入数据(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train on your own CSV or TSV file: a header row, a row per sample</source>
        <translation>用你自己的 CSV 或 TSV 文件训练：第一行是列名，每个样本一行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Python script…</source>
        <translation>Python 脚本(&amp;P)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Py&amp;Torch script…</source>
        <translation>PyTorch 脚本(&amp;T)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pictures and &amp;numbers…</source>
        <translation>图片和数据(&amp;N)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start / Pause</source>
        <translation>开始 / 暂停</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Space</source>
        <translation>空格键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Walk one operation</source>
        <translation>走一个运算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check gradients numerically</source>
        <translation>数值检验梯度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare every layer&apos;s backprop gradient with central finite differences on the current weights; the verdict appears below.</source>
        <translation>在当前权重上，用中心有限差分检验每层反向传播算出的梯度；结论显示在下方。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore default layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom in (larger type)</source>
        <translation>放大（字更大）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out (smaller type)</source>
        <translation>缩小（字更小）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Actual size</source>
        <translation>实际大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presentation</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Presentation mode for a projector: full screen, settings hidden, high contrast (F11; Esc leaves)</source>
        <translation>投影仪演示模式：全屏，隐藏设置，高对比度（F11；按 Esc 退出）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show or hide the settings panel (F9)</source>
        <translation>显示或隐藏设置面板（F9）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>语言 (Language)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Guide: controls and lessons</source>
        <translation>指南：操作与课程(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About Gradient Playground</source>
        <translation>关于梯度演练场(&amp;A)</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../../playground/names.py" line="+16"/>
        <source>tutorial</source>
        <translation>教程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>spiral</source>
        <translation>双螺旋</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>clusters</source>
        <translation>高斯簇</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>small</source>
        <translation>小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>large</source>
        <translation>大</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tutorial&apos;s draws</source>
        <translation>按教程抽取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>book&apos;s draws</source>
        <translation>按书中抽取</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
</context>
<context>
    <name>PredictionView</name>
    <message>
        <location filename="../../playground/views/prediction.py" line="+223"/>
        <location line="+70"/>
        <source>Prediction</source>
        <extracomment>At most this many data points are drawn (a bigger data set: a fixed sample, named in the key). An imported regression target on the plane: a continuous shade, dark (low) to light (high), readable by colour-blind students (viridis); the points are drawn in it by their target.</extracomment>
        <translation>预测</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>test part</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training set</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>confusion matrix on the {part}: counts; shade = share of the true class</source>
        <translation>{part}上的混淆矩阵：数字为个数；深浅 = 占真实类别的比例</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>predicted</source>
        <translation>预测值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>true</source>
        <translation>真实值</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>predicted vs true ({part})</source>
        <translation>预测值 vs 真实值（{part}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>perfect</source>
        <translation>完全正确</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>acc.</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step {step:,}</source>
        <translation>第 {step:,} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(test {value})</source>
        <translation>（测试集 {value}）</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+42"/>
        <location line="+39"/>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1"/>
        <source>target {k}</source>
        <translation>目标 {k}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shade = output</source>
        <translation>深浅 = 输出</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>shade = predicted {target}:</source>
        <translation>底色 = 预测的 {target}：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low {value}</source>
        <translation>低 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>high {value}</source>
        <translation>高 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dots: true {target}</source>
        <translation>圆点：真实的 {target}</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <location filename="../../playground/presentation.py" line="+62"/>
        <source>Type size {percent}% (Ctrl+= larger, Ctrl+- smaller, Ctrl+0 actual size)</source>
        <extracomment>View ▸ Zoom&apos;s steps for all type (Ctrl+= / Ctrl+- / Ctrl+0), remembered per machine.</extracomment>
        <translation>字号 {percent}%（Ctrl+= 放大，Ctrl+- 缩小，Ctrl+0 实际大小）</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../playground/qt_texts.py" line="+16"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RoomLayout</name>
    <message>
        <location filename="../../playground/room.py" line="+82"/>
        <source>Next panel</source>
        <translation>下一个面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous panel</source>
        <translation>上一个面板</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <location filename="../../playground/status.py" line="+109"/>
        <source>Training loss of the last step (on its batch)</source>
        <extracomment>A notice: its text, or a callable giving it in the current language (it follows a switch).</extracomment>
        <translation>最后一步的训练损失（在它的批次上）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training steps per second</source>
        <translation>每秒训练的步数</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+123"/>
        <source>Step: {step}</source>
        <translation>步数：{step}</translation>
    </message>
    <message>
        <location line="-136"/>
        <location line="+137"/>
        <source>Loss: {loss}</source>
        <translation>损失：{loss}</translation>
    </message>
    <message>
        <location line="-132"/>
        <source>Accuracy {train}</source>
        <translation>准确率 {train}</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+132"/>
        <source>Accuracy {train} · test {test}</source>
        <translation>准确率 {train} · 测试集 {test}</translation>
    </message>
    <message>
        <location line="-123"/>
        <location line="+127"/>
        <source>Step: {step} of {latest}</source>
        <translation>步数：{step}（共 {latest} 步）</translation>
    </message>
    <message>
        <location line="-115"/>
        <source>running</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+112"/>
        <source>{rate} steps/s</source>
        <translation>{rate} 步/秒</translation>
    </message>
    <message>
        <location line="-109"/>
        <location line="+112"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>{problem} (training goes on with the settings it had)</source>
        <translation>{problem}（训练继续使用原来的设置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot train: {problem}</source>
        <translation>无法训练：{problem}</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <location filename="../../playground/views/loss_plot.py" line="+167"/>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Follow training again: show the newest step</source>
        <translation>重新跟随训练：显示最新的一步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to any recorded step (or click on the loss curve); drag to the end to follow training again</source>
        <translation>回到任意已记录的步（或点击损失曲线）；拖到最右端即重新跟随训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume from here</source>
        <translation>从这里继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue training from the step shown: the later steps are dropped (their loss curve stays as a faded ghost)</source>
        <translation>从显示的这一步继续训练：之后的步被丢弃（它们的损失曲线保留为一条淡色的旧曲线）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear ghosts</source>
        <translation>清除旧曲线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the faded curves of earlier runs</source>
        <translation>移除之前几次运行的淡色曲线</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>showing step {k:,} of {n:,}</source>
        <translation>正在显示第 {k:,} 步（共 {n:,} 步）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step {k:,} / {n:,}</source>
        <translation>第 {k:,} / {n:,} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>(step {asked:,} was thinned away: the nearest recorded one)</source>
        <translation>（第 {asked:,} 步已被稀疏掉：显示最近的已记录步）</translation>
    </message>
</context>
<context>
    <name>TrainingToolbar</name>
    <message>
        <location filename="../../playground/toolbar.py" line="+100"/>
        <location line="+31"/>
        <location line="+2"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-33"/>
        <location line="+31"/>
        <location line="+2"/>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Walk</source>
        <translation>逐步</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Speed </source>
        <translation> 速度 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From slow motion (1 step a second, every step shown) to as fast as the engine goes</source>
        <translation>从慢动作（每秒 1 步，每步都显示）到引擎能跑的最快速度</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Preset </source>
        <translation> 预设 </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Load a ready-made experiment (replaces every setting, the speed included, and resets)</source>
        <translation>载入现成的实验（替换所有设置，包括速度，并重置）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Custom experiment</source>
        <translation>自定义实验</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <location filename="../../playground/worker.py" line="+91"/>
        <source>The training process ended unexpectedly (exit code {code}): perhaps the computer ran out of memory. Press Reset to start it again.</source>
        <extracomment>How long (s) the GUI thread waits for Python&apos;s GIL before the training thread must hand it over (Python&apos;s default is 5 ms): a click or a repaint during training then waits at most 1 ms. Every training QThread this module started (the test suite checks none is left running). Where training runs: in a process of its own (the app&apos;s default), or in the worker thread itself (one process: what the tests that patch the engine use).</extracomment>
        <translation>训练进程意外结束（退出码 {code}）：可能是电脑内存不足。请按重置重新开始。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training stopped by an internal error: {error}. Press Reset to start again.</source>
        <translation>训练因内部错误而停止：{error}。请按重置重新开始。</translation>
    </message>
</context>
<context>
    <name>WalkController</name>
    <message>
        <location filename="../../playground/walk.py" line="+56"/>
        <source>Walk is off: this network is too large to trace (about {n:,} numbers per step). Step and Start still train it.</source>
        <translation>逐步已停用：这个网络太大，无法记录（每步约 {n:,} 个数）。单步和开始仍可训练它。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Walk one operation of the step (O or Shift+→)</source>
        <translation>走这一步中的一个运算（O 或 Shift+→）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Disabled: {problem}</source>
        <translation>不可用：{problem}</translation>
    </message>
</context>
<context>
    <name>WeightsTab</name>
    <message>
        <location filename="../../playground/views/health.py" line="-277"/>
        <source>dead units (share)</source>
        <translation>死亡单元（比例）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dead units</source>
        <translation>死亡单元</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>saturated units (share)</source>
        <translation>饱和单元（比例）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>mean ± std</source>
        <translation>均值 ± 标准差</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mean ± σ</source>
        <translation>均值 ± σ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mean</source>
        <translation>均值</translation>
    </message>
</context>
<context>
    <name>_PlotsTab</name>
    <message>
        <location line="-145"/>
        <source>step</source>
        <extracomment>Steps a hidden Health panel keeps pending before it folds them into its curves (memory stays bounded; a panel brought to the front folds what is pending at once).</extracomment>
        <translation>步</translation>
    </message>
</context>
</TS>
