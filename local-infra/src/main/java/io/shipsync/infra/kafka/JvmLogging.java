package io.shipsync.infra.kafka;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Plain console logging for the launcher and broker JVMs. On this module's classpath SLF4J (which Kafka
 * logs through) is bound to jboss-logmanager, whose Quarkus initializer buffers everything at level ALL
 * until a Quarkus application configures it, which never happens here: Kafka's log would be empty and
 * every trace statement would still be built. This makes jboss-logmanager the JUL manager and puts one
 * stderr handler on the root logger instead.
 */
final class JvmLogging {

    private static final String MANAGER_PROPERTY = "java.util.logging.manager";
    private static final String JBOSS_LOG_MANAGER = "org.jboss.logmanager.LogManager";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneId.systemDefault());
    // JUL holds loggers weakly; a collected logger would forget its level.
    private static final List<Logger> CONFIGURED = new ArrayList<>();

    private JvmLogging() {
    }

    /** Must run first in main, before anything initialises java.util.logging. */
    static synchronized void install(Level rootLevel, Map<String, Level> levels) {
        if (System.getProperty(MANAGER_PROPERTY) == null && onClasspath(JBOSS_LOG_MANAGER)) {
            System.setProperty(MANAGER_PROPERTY, JBOSS_LOG_MANAGER);
        }
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler console = new ConsoleHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        root.setLevel(rootLevel);
        CONFIGURED.add(root);
        levels.forEach((name, level) -> {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(level);
            CONFIGURED.add(logger);
        });
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, JvmLogging.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder()
                    .append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ')
                    .append(record.getLevel()).append(" [").append(record.getLoggerName()).append("] ")
                    .append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
