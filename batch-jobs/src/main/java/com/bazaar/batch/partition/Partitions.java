package com.bazaar.batch.partition;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** The number of partitions a job run asks for, and what a partitioned job's flow and partitioner need of it. */
public final class Partitions {

    /** The describing job parameter: in how many partitions the per-item step runs (absent or 1: in one process). */
    public static final String PARAMETER = "partitions";
    /** At most this many partitions per step. */
    public static final int MAX = 64;
    /** The decider's answer for a job run in partitions, and for one that is not. */
    public static final String PARTITIONED = "PARTITIONED";
    public static final String SINGLE = "SINGLE";
    /** Keys of a partition's step execution context: its number (0-based) and the count. */
    public static final String PART = "partition.part";
    public static final String PARTS = "partition.parts";

    private Partitions() {
    }

    /** The partitions the job's parameters ask for: 1 when none or 1 (the job runs in one process). */
    public static int count(JobParameters parameters) {
        String value = parameters.getString(PARAMETER);
        return value == null || value.isBlank() ? 1 : Integer.parseInt(value);
    }

    /** The decider that sends a job run in more than one partition down its partitioned flow. */
    public static JobExecutionDecider decider() {
        return (JobExecution execution, StepExecution last) -> new FlowExecutionStatus(
                count(execution.getJobParameters()) > 1 ? PARTITIONED : SINGLE);
    }

    /**
     * A partitioner whose partitions are made by {@code split} from the manager's step execution and the count the job
     * asks for (not Spring Batch's grid size); the manager step must have it as a listener too.
     */
    public static Counted counted(BiFunction<StepExecution, Integer, Map<String, ExecutionContext>> split) {
        return new Counted(split);
    }

    /** {@code parts} partitions each knowing its number and the count: for work split by a hash or a modulus. */
    public static Map<String, ExecutionContext> numbered(int parts) {
        Map<String, ExecutionContext> contexts = new LinkedHashMap<>();
        for (int i = 0; i < parts; i++) {
            var context = new ExecutionContext();
            context.putInt(PART, i);
            context.putInt(PARTS, parts);
            contexts.put("partition" + i, context);
        }
        return contexts;
    }

    /** See {@link #counted}. */
    public static final class Counted implements Partitioner, StepExecutionListener {
        private final BiFunction<StepExecution, Integer, Map<String, ExecutionContext>> split;
        private volatile StepExecution manager;

        private Counted(BiFunction<StepExecution, Integer, Map<String, ExecutionContext>> split) {
            this.split = split;
        }

        @Override
        public void beforeStep(StepExecution stepExecution) {
            this.manager = stepExecution;
        }

        @Override
        public Map<String, ExecutionContext> partition(int gridSize) {
            StepExecution step = manager;
            if (step == null) {
                throw new IllegalStateException("the partitioner is not a listener of its manager step");
            }
            return split.apply(step, count(step.getJobExecution().getJobParameters()));
        }
    }
}
